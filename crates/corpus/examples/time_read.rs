// scratch timing (not committed)
use nianbao::read::{read, Format};
use nianbao_corpus::{generate, Form, Spec};
use std::time::Instant;
fn main() {
    let reports: Vec<_> = (0..8)
        .map(|i| {
            generate(
                20261121,
                i,
                &Spec {
                    template: Some("2021".into()),
                    form: Some(Form::Docx),
                    ..Spec::default()
                },
            )
        })
        .collect();
    let n = 50;
    let t = Instant::now();
    for _ in 0..n {
        for r in &reports {
            std::hint::black_box(read(r.file(), Some(Format::Docx)).unwrap());
        }
    }
    let read_t = t.elapsed() / n;
    let docs: Vec<_> = reports
        .iter()
        .map(|r| read(r.file(), Some(Format::Docx)).unwrap())
        .collect();
    let t = Instant::now();
    for _ in 0..n {
        for d in &docs {
            std::hint::black_box(nianbao::model::analyze(&d.text));
        }
    }
    let an_t = t.elapsed() / n;
    let t = Instant::now();
    for _ in 0..n {
        for r in &reports {
            std::hint::black_box(nianbao::model::analyze(&r.text));
        }
    }
    let md_t = t.elapsed() / n;
    let sizes: usize = reports.iter().map(|r| r.file().len()).sum();
    let rs: usize = docs.iter().map(|d| d.text.len()).sum();
    let ms: usize = reports.iter().map(|r| r.text.len()).sum();
    println!("html bytes {sizes} reading {rs} md {ms}: read {read_t:?} analyze(reading) {an_t:?} analyze(md) {md_t:?}");
}
