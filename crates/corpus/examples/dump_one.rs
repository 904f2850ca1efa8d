// scratch: print generated reports' files (not committed)
use nianbao_corpus::{generate, Form, Mistake, Quirk, Spec};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let form = match args[1].as_str() {
        "html" => Form::Html,
        "docx" => Form::Docx,
        _ => Form::Spaced,
    };
    let template = args[2].clone();
    let keep = args[3].clone();
    let mistake = args.get(4).map(|_| Mistake::LabelTypo);
    let nth: usize = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(0);
    let avoid: Vec<Quirk> = Quirk::ALL
        .iter()
        .copied()
        .filter(|q| format!("{q:?}") != keep)
        .collect();
    let r = (40_000..40_300)
        .map(|i| {
            generate(
                20261121,
                i,
                &Spec {
                    template: Some(template.clone()),
                    form: Some(form),
                    mistake,
                    avoid: avoid.clone(),
                },
            )
        })
        .filter(|r| r.quirks.iter().any(|q| format!("{q:?}") == keep))
        .nth(nth)
        .unwrap();
    eprintln!("quirks {:?}", r.quirks);
    use std::io::Write;
    std::io::stdout().write_all(r.file()).unwrap();
}
