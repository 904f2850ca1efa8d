//! The PDF text-layer reader (`nianbao::read::pdf`) on the real published PDF, on PDFs built
//! here (image-only, a predefined CJK CMap, encrypted), on non-PDFs and damaged PDFs, and on
//! mutations of the real one. Needs poppler's `pdftotext` (`.ci/run` installs poppler-utils
//! and poppler-data): a missing tool fails these tests, it does not skip them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nianbao::check::Lang;
use nianbao::read::pdf::{text_layer, text_layer_with, Failure, FileKind, Options, PdfError};
use proptest::prelude::*;

const REAL: &str = "tests/real/2023-hongze-district.pdf";

fn real_bytes() -> Vec<u8> {
    std::fs::read(REAL).expect("the real PDF")
}

fn real_text() -> nianbao::read::pdf::PdfText {
    text_layer(&real_bytes()).unwrap_or_else(|e| panic!("{}", e.message(Lang::En)))
}

/// The whitespace-separated tokens of the first line whose first token is `label`.
fn row<'a>(text: &'a str, label: &str) -> Vec<&'a str> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|t| t.first() == Some(&label))
        .unwrap_or_else(|| panic!("no line starts with {label}:\n{text}"))
}

#[test]
fn real_pdf_first_row_has_its_seven_values_on_its_line() {
    let t = real_text();
    assert_eq!(
        row(&t.text, "一、本年新收政府信息公开申请数量"),
        [
            "一、本年新收政府信息公开申请数量",
            "21",
            "0",
            "0",
            "0",
            "0",
            "0",
            "21"
        ]
    );
}

#[test]
fn real_pdf_section_three_key_rows_are_each_on_one_line() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/real/expected.json").unwrap())
            .unwrap();
    let report = expected["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == "2023-hongze-district.pdf")
        .expect("the PDF's entry in expected.json");
    let rows = report["section_three"].as_object().unwrap();
    assert_eq!(rows.len(), 4);
    let t = real_text();
    for (label, values) in rows {
        let want: Vec<String> = values
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                v.as_i64()
                    .expect("no blank cell in this report")
                    .to_string()
            })
            .collect();
        let got = row(&t.text, label);
        assert_eq!(got[1..], want[..], "row {label}");
    }
}

#[test]
fn real_pdf_section_four_values_are_in_order_on_one_line() {
    let t = real_text();
    let want = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0";
    let section = t.text.split("四、政府信息公开行政复议").nth(1).unwrap();
    let section = section.split("五、存在的主要问题").next().unwrap();
    let lines: Vec<&str> = section
        .lines()
        .filter(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == want)
        .collect();
    assert_eq!(lines.len(), 1, "section 四:\n{section}");
}

#[test]
fn real_pdf_pages_and_page_numbers() {
    let t = real_text();
    assert_eq!(t.page_count, 5);
    assert_eq!(t.pages().count(), 5);
    assert!(t.empty_pages.is_empty());
    assert!(t.text.ends_with('\n') && !t.text.contains('\r'));
    // the page-number lines (-1- … -5-) are gone, and nothing else
    assert!(
        !t.text.lines().any(|l| {
            let l = l.trim();
            l.starts_with('-') && l.ends_with('-') && l.len() <= 5
        }),
        "{}",
        t.text
    );
    let pages: Vec<&str> = t.pages().collect();
    assert!(pages[0].trim_start().starts_with("洪泽区人民政府"));
    assert!(pages[2].contains("三、收到和处理政府信息公开申请情况"));
    assert!(pages[3].contains("四、政府信息公开行政复议"));
    assert!(pages[4].contains("六、其他需要报告的事项"));
}

/// Every character of another extractor's text layer (pdfplumber's, beside the PDF) is there,
/// no more and no fewer (its page-number lines apart): no mojibake, no glyph lost.
#[test]
fn real_pdf_cjk_text_is_complete() {
    fn chars(s: &str) -> BTreeMap<char, usize> {
        let mut m = BTreeMap::new();
        for c in s.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_insert(0) += 1;
        }
        m
    }
    let reference = std::fs::read_to_string("tests/real/2023-hongze-district.txt").unwrap();
    let reference: String = reference
        .lines()
        .filter(|l| {
            let l = l.trim();
            !(l.starts_with("- ") && l.ends_with(" -"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    let t = real_text();
    assert_eq!(chars(&t.text), chars(&reference));
    assert!(!t.text.contains('\u{FFFD}'));
}

// ---- PDFs built here ----

/// A PDF from its objects (numbered from 1; object 1 is the catalog).
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// `pages` pages, each only an 8×8 grey picture: what a scanner produces.
fn image_only_pdf(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + 2 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
    ];
    let image = 3 + 2 * pages;
    for i in 0..pages {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /XObject << /Im1 {image} 0 R >> >> /Contents {} 0 R >>",
                4 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(stream("", b"q 495 0 0 742 50 50 cm /Im1 Do Q"));
    }
    let pixels: Vec<u8> = (0..64).map(|i| (i * 4) as u8).collect();
    objects.push(stream(
        "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &pixels,
    ));
    pdf(&objects)
}

/// A table drawn in STSong-Light, not embedded, through the predefined CMap UniGB-UCS2-H (as
/// iText and many report systems write Chinese): needs poppler-data; `pdf-extract` panics on it.
fn predefined_cmap_pdf() -> Vec<u8> {
    let mut content = String::from("BT\n/F1 10 Tf\n");
    let cells: [(i32, i32, &str); 17] = [
        (60, 780, "三、收到和处理政府信息公开申请情况"),
        (60, 740, "一、本年新收政府信息公开申请数量"),
        (330, 740, "21"),
        (370, 740, "0"),
        (400, 740, "0"),
        (430, 740, "0"),
        (460, 740, "0"),
        (490, 740, "0"),
        (520, 740, "21"),
        (60, 720, "（七）总计"),
        (330, 720, "21"),
        (370, 720, "0"),
        (400, 720, "0"),
        (430, 720, "0"),
        (460, 720, "0"),
        (490, 720, "0"),
        (520, 720, "21"),
    ];
    for (x, y, s) in cells {
        let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
        content.push_str(&format!("1 0 0 1 {x} {y} Tm <{hex}> Tj\n"));
    }
    content.push_str("ET\n");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>".to_vec(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>".to_vec(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_vec(),
    ])
}

#[test]
fn image_only_pdf_needs_ocr() {
    let e = text_layer(&image_only_pdf(3)).unwrap_err();
    assert_eq!(e, PdfError::NoText { pages: 3 });
    let zh = e.message(Lang::Zh);
    assert!(
        zh.contains("3 页") && zh.contains("扫描件") && zh.contains("OCR"),
        "{zh}"
    );
    let en = e.message(Lang::En);
    assert!(en.contains("3 pages") && en.contains("OCR"), "{en}");
}

#[test]
fn predefined_cjk_cmap_is_read() {
    let t = text_layer(&predefined_cmap_pdf()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.page_count, 1);
    assert!(
        t.text.contains("三、收到和处理政府信息公开申请情况"),
        "{}",
        t.text
    );
    assert_eq!(
        row(&t.text, "（七）总计"),
        ["（七）总计", "21", "0", "0", "0", "0", "0", "21"]
    );
}

#[test]
fn encrypted_pdf() {
    let bytes = std::fs::read("tests/pdf/encrypted.pdf").unwrap();
    assert_eq!(text_layer(&bytes).unwrap_err(), PdfError::Encrypted);
}

#[test]
fn not_a_pdf() {
    assert_eq!(
        text_layer(b"hello, world").unwrap_err(),
        PdfError::NotPdf { looks_like: None }
    );
    assert_eq!(
        text_layer(b"").unwrap_err(),
        PdfError::NotPdf { looks_like: None }
    );
    let html = std::fs::read("tests/real/2023-shuyang-fgj.html").unwrap();
    assert_eq!(
        text_layer(&html).unwrap_err(),
        PdfError::NotPdf {
            looks_like: Some(FileKind::Html)
        }
    );
    assert_eq!(
        text_layer(b"PK\x03\x04\x14\x00\x00\x00").unwrap_err(),
        PdfError::NotPdf {
            looks_like: Some(FileKind::Zip)
        }
    );
}

#[test]
fn truncated_pdf_is_damaged() {
    let bytes = real_bytes();
    for keep in [bytes.len() / 2, bytes.len() - 200, 2000] {
        match text_layer(&bytes[..keep]).unwrap_err() {
            PdfError::Damaged { truncated, .. } => assert!(truncated, "{keep}"),
            other => panic!("{keep}: {other:?}"),
        }
    }
    let e = text_layer(&bytes[..1000]).unwrap_err();
    assert!(
        e.message(Lang::Zh).contains("下载"),
        "{}",
        e.message(Lang::Zh)
    );
}

/// A fixed pseudo-random sequence (xorshift), so the case is the same on every run.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn random_bytes() {
    for seed in 1..20 {
        let bytes = noise(4096, seed);
        assert!(
            matches!(text_layer(&bytes), Err(PdfError::NotPdf { .. })),
            "{seed}"
        );
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend(noise(4096, seed));
        assert!(
            matches!(text_layer(&bytes), Err(PdfError::Damaged { .. })),
            "{seed}"
        );
    }
}

// ---- the tool ----

/// A stand-in for pdftotext: a shell script (it ignores its arguments).
fn fake_tool(name: &str, script: &str) -> Options {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("read_pdf");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    Options {
        program: path.into_os_string(),
        ..Options::default()
    }
}

/// [`text_layer_with`] a stand-in tool, retried while the script just written cannot be run
/// yet: a process forked by a concurrent test may briefly hold it open for writing (ETXTBSY).
fn run_fake(bytes: &[u8], options: &Options) -> Result<nianbao::read::pdf::PdfText, PdfError> {
    for _ in 0..20 {
        match text_layer_with(bytes, options) {
            Err(PdfError::Failed {
                reason: Failure::CannotRun { .. },
            }) => std::thread::sleep(Duration::from_millis(50)),
            other => return other,
        }
    }
    text_layer_with(bytes, options)
}

#[test]
fn missing_tool_names_the_package() {
    let options = Options {
        program: "/nonexistent/pdftotext".into(),
        ..Options::default()
    };
    let e = text_layer_with(&real_bytes(), &options).unwrap_err();
    assert!(
        matches!(&e, PdfError::ToolMissing { package, .. } if *package == "poppler-utils"),
        "{e:?}"
    );
    assert!(e
        .message(Lang::Zh)
        .contains("apt-get install poppler-utils"));
    assert!(e
        .message(Lang::En)
        .contains("apt-get install poppler-utils"));
}

#[test]
fn missing_cjk_data_names_the_package() {
    let options = fake_tool(
        "no-language-pack",
        "echo \"Syntax Error: Missing language pack for 'Adobe-GB1' mapping\" >&2\nprintf 'x\\f'",
    );
    let e = run_fake(&real_bytes(), &options).unwrap_err();
    assert!(
        matches!(&e, PdfError::ToolMissing { package, .. } if *package == "poppler-data"),
        "{e:?}"
    );
}

#[test]
fn a_hanging_tool_is_killed_at_the_time_limit() {
    let mut options = fake_tool("hangs", "exec sleep 60");
    options.timeout = Duration::from_millis(300);
    let start = Instant::now();
    let e = run_fake(&real_bytes(), &options).unwrap_err();
    assert_eq!(
        e,
        PdfError::Failed {
            reason: Failure::Timeout {
                limit: Duration::from_millis(300)
            }
        }
    );
    assert!(start.elapsed() < Duration::from_secs(20));
    assert!(
        e.message(Lang::Zh).contains("0.3 秒"),
        "{}",
        e.message(Lang::Zh)
    );
}

#[test]
fn a_crashing_tool() {
    let options = fake_tool("crashes", "kill -SEGV $$");
    let e = run_fake(&real_bytes(), &options).unwrap_err();
    assert_eq!(
        e,
        PdfError::Failed {
            reason: Failure::Crashed {
                code: None,
                signal: Some(11)
            }
        }
    );
}

#[test]
fn too_much_output() {
    let mut options = fake_tool("floods", "head -c 3000000 /dev/zero");
    options.max_output = 1 << 20;
    let e = run_fake(&real_bytes(), &options).unwrap_err();
    assert_eq!(
        e,
        PdfError::Failed {
            reason: Failure::OutputTooLarge { limit: 1 << 20 }
        }
    );
}

/// Every reason in Chinese and in English, neither mixed with the other.
#[test]
fn messages_are_in_one_language() {
    let errors = [
        PdfError::NotPdf { looks_like: None },
        PdfError::NotPdf {
            looks_like: Some(FileKind::Zip),
        },
        PdfError::NotPdf {
            looks_like: Some(FileKind::LegacyOffice),
        },
        PdfError::NotPdf {
            looks_like: Some(FileKind::Image),
        },
        PdfError::NotPdf {
            looks_like: Some(FileKind::Html),
        },
        PdfError::Damaged {
            truncated: true,
            detail: "Couldn't read xref table".into(),
        },
        PdfError::Damaged {
            truncated: false,
            detail: "Couldn't read xref table".into(),
        },
        PdfError::Encrypted,
        PdfError::NoText { pages: 1 },
        PdfError::NoText { pages: 7 },
        PdfError::ToolMissing {
            program: "pdftotext".into(),
            package: "poppler-utils",
        },
        PdfError::ToolMissing {
            program: "pdftotext".into(),
            package: "poppler-data",
        },
        PdfError::Failed {
            reason: Failure::Timeout {
                limit: Duration::from_secs(30),
            },
        },
        PdfError::Failed {
            reason: Failure::OutputTooLarge { limit: 64 << 20 },
        },
        PdfError::Failed {
            reason: Failure::Crashed {
                code: None,
                signal: Some(11),
            },
        },
        PdfError::Failed {
            reason: Failure::Crashed {
                code: Some(2),
                signal: None,
            },
        },
        PdfError::Failed {
            reason: Failure::CannotRun {
                permission_denied: true,
            },
        },
        PdfError::Failed {
            reason: Failure::CannotRun {
                permission_denied: false,
            },
        },
    ];
    // names of formats, programs, packages and commands are the same in both languages
    let names = [
        "PDF",
        "OCR",
        "EOF",
        "pdftotext",
        "poppler",
        "utils",
        "data",
        "apt",
        "get",
        "install",
        "ZIP",
        "OFD",
        "DOCX",
        "XLSX",
        "DOC",
        "XLS",
        "Office",
        "HTML",
        "MiB",
    ];
    let cjk = |c: char| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    };
    for e in &errors {
        let zh = e.message(Lang::Zh);
        let en = e.message(Lang::En);
        assert!(zh.chars().any(cjk), "{zh}");
        for word in zh
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
        {
            assert!(names.contains(&word), "English word {word:?} in {zh}");
        }
        assert!(!en.chars().any(cjk), "{en}");
        assert!(en.is_ascii(), "{en}");
        assert_eq!(e.to_string(), en);
    }
    assert_eq!(
        PdfError::Encrypted.message(Lang::default()),
        PdfError::Encrypted.message(Lang::Zh)
    );
    // A scan of one page or of several says so in both languages.
    let one = PdfError::NoText { pages: 1 };
    let seven = PdfError::NoText { pages: 7 };
    assert!(one
        .message(Lang::En)
        .contains("its only page has no text to extract"));
    assert!(seven
        .message(Lang::En)
        .contains("none of its 7 pages has any text to extract"));
    assert!(one
        .message(Lang::Zh)
        .contains("它仅有的一页没有可提取的文字"));
    assert!(seven
        .message(Lang::Zh)
        .contains("全部 7 页都没有可提取的文字"));
}

// ---- mutations of the real PDF ----

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Truncate(usize),
    Delete(usize, usize),
    Digit(usize, u8),
}

fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in mutations {
        let n = b.len().max(1);
        match *m {
            Mutation::Set(at, v) => {
                if !b.is_empty() {
                    b[at % n] = v;
                }
            }
            Mutation::Truncate(at) => b.truncate(at % n),
            Mutation::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(b.len());
                b.drain(at..end);
            }
            // digits are offsets, lengths, object numbers: the structure
            Mutation::Digit(at, d) => {
                if let Some(i) = (0..b.len())
                    .map(|k| (at + k) % b.len())
                    .find(|&i| b[i].is_ascii_digit())
                {
                    b[i] = b'0' + d % 10;
                }
            }
        }
    }
    b
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), any::<u8>()).prop_map(|(a, v)| Mutation::Set(a, v)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (any::<usize>(), 1usize..4000).prop_map(|(a, l)| Mutation::Delete(a, l)),
        3 => (any::<usize>(), any::<u8>()).prop_map(|(a, d)| Mutation::Digit(a, d)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// A mutated PDF gives a text or a reason, never a panic; the reader itself bounds the
    /// time (here 20 s: a hang would come back as `Failure::Timeout`, which is an answer too).
    #[test]
    fn mutated_pdf_never_panics(mutations in prop::collection::vec(mutation(), 1..12)) {
        let bytes = mutate(&real_bytes(), &mutations);
        let options = Options { timeout: Duration::from_secs(20), ..Options::default() };
        match text_layer_with(&bytes, &options) {
            Ok(t) => {
                prop_assert!(t.page_count >= 1);
                prop_assert_eq!(t.pages().count(), t.page_count);
                prop_assert!(t.text.ends_with('\n') && !t.text.contains('\r'));
                prop_assert!(t.empty_pages.len() < t.page_count);
            }
            Err(e) => {
                prop_assert!(!matches!(e, PdfError::ToolMissing { .. }), "{:?}", e);
                prop_assert!(!e.message(Lang::Zh).is_empty() && !e.message(Lang::En).is_empty());
            }
        }
    }
}
