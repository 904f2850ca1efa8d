//! `nianbao new`: a complete blank report in the template in force for a year.

use crate::skeleton::{render_with, Format, Options};

pub fn run(year: i32, format: Format, issuer: Option<String>) -> i32 {
    match render_with(year, format, &Options { issuer }) {
        Some(text) => {
            print!("{text}");
            0
        }
        None => {
            eprintln!("nianbao: no template is in force for the year {year}");
            2
        }
    }
}
