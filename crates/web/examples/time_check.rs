fn main() {
    let path = std::env::args().nth(1).expect("path");
    let text = std::fs::read_to_string(path).expect("read");
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = std::time::Instant::now();
        let out = nianbao_web::check(&text, "text", "");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(out);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let t = std::time::Instant::now();
    let (a, d) = nianbao::check::analyze_and_check(&text, &Default::default());
    let core = t.elapsed().as_secs_f64() * 1000.0;
    std::hint::black_box((a, d));
    println!("check median {:.3} ms; analyze_and_check once {:.3} ms; json bytes {}", times[25], core, nianbao_web::check(&text, "text", "").len());
}
