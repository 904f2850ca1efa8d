fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let n: usize = std::env::args().nth(2).map_or(100, |s| s.parse().unwrap());
    let fmt = if std::env::args().nth(1).unwrap().ends_with(".docx") {
        nianbao::read::Format::Docx
    } else {
        nianbao::read::Format::Html
    };
    for _ in 0..n {
        std::hint::black_box(nianbao::read::read(&bytes, Some(fmt)).unwrap());
    }
}
