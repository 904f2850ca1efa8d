fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for _ in 0..std::env::args().nth(2).map_or(200, |s| s.parse().unwrap()) {
        std::hint::black_box(nianbao::model::analyze(&text));
    }
}
