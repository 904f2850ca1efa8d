use nianbao_corpus::{generate, Form, Spec};
fn main() {
    for (form, ext) in [(Form::Html, "html"), (Form::Docx, "docx")] {
        let r = generate(
            20261121,
            3,
            &Spec {
                template: Some("2021".into()),
                form: Some(form),
                ..Spec::default()
            },
        );
        std::fs::write(format!("/tmp/gen3.{ext}"), r.file()).unwrap();
        std::fs::write("/tmp/gen3.md", &r.text).unwrap();
    }
}
