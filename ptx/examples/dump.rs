//! Print one stage of the translation of a PTX file:
//! `cargo run -p ptx --example dump -- FILE [tokens|ast|ir] [gfx90a|gfx1030|nvptx]`.

use ptx::{Stage, Target};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: dump FILE [tokens|ast|ir] [wave64|wave32|nvptx]");
        std::process::exit(2);
    };
    let stage = match args.get(1).map(String::as_str) {
        Some("tokens") => Stage::Tokens,
        Some("ast") => Stage::Ast,
        _ => Stage::Ir,
    };
    let target = match args.get(2).map(String::as_str) {
        Some("wave32") => Target::Amdgcn { wave64: false },
        Some("nvptx") => Target::Nvptx,
        _ => Target::Amdgcn { wave64: true },
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match ptx::dump(&text, target, stage) {
        Ok(out) => print!("{out}"),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
