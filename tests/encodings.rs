//! Files in other CJK encodings are named as such (issue #13, item 8): a Big5 or Shift_JIS
//! file used to decode as GB18030 garbage and pass as "not a report" without a word about its
//! encoding. And no GBK report is ever taken for another encoding.

use std::process::Command;

use nianbao::text::decode::{decode, DecodeError};

fn samples() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real");
    {
        if let Ok(entries) = std::fs::read_dir(real) {
            out.extend(
                entries
                    .flatten()
                    .filter(|e| {
                        e.path()
                            .extension()
                            .is_some_and(|x| x == "txt" || x == "md")
                    })
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok()),
            );
        }
    }
    out
}

#[test]
fn gbk_reports_are_read_as_gb18030() {
    let generated = nianbao_corpus::corpus(13, 300, true).map(|r| r.text);
    let mut n = 0;
    for text in samples().into_iter().chain(generated) {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
        if unmappable {
            continue;
        }
        let d = decode(&bytes).unwrap_or_else(|e| panic!("{e}: {}", &text[..200.min(text.len())]));
        assert_eq!(d.encoding, "GB18030");
        n += 1;
    }
    assert!(n > 300);
}

#[test]
fn big5_and_shift_jis_files_are_named() {
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/reports/2020-linyi-approval-bureau.txt"),
    )
    .unwrap();
    let (big5, _, _) = encoding_rs::BIG5.encode(&sample);
    assert_eq!(decode(&big5), Err(DecodeError::UnsupportedEncoding("Big5")));

    let dir = std::env::temp_dir().join(format!("nianbao-enc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("big5.txt"), &big5).unwrap();
    let jp = "政府情報公開年次報告書\n一、総括\n本年度の情報公開請求は次のとおりです。\n".repeat(5);
    std::fs::write(dir.join("sjis.txt"), encoding_rs::SHIFT_JIS.encode(&jp).0).unwrap();
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["check", "--lang", lang])
            .arg(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = run("en");
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("big5.txt: cannot read: the file is encoded in Big5 (Traditional Chinese), which is not supported; save it as UTF-8 or GB18030 and check again"),
        "{out}"
    );
    assert!(
        out.contains("sjis.txt: cannot read: the file is encoded in Shift_JIS (Japanese)"),
        "{out}"
    );
    let out = String::from_utf8(run("zh").stdout).unwrap();
    assert!(out.contains("big5.txt: 无法读取：文件编码为 Big5（繁体中文），不支持；请另存为 UTF-8 或 GB18030 后再检查"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
