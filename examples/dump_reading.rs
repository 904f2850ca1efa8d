fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let ext = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let doc = nianbao::read::read(&bytes, nianbao::read::Format::from_extension(ext)).unwrap();
    print!("{}", doc.text);
}
