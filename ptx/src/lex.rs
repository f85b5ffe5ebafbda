//! Stage 1: PTX text → tokens, each with the line and column it starts at.

use crate::Error;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Identifier, opcode or register name (`add`, `%r1`, `$L__BB0_1`, `_Z3fooPf`).
    Ident(String),
    /// A dotted word: directive, type or modifier (`.reg`, `.f32`, `.rn`), without the dot.
    Dot(String),
    /// Integer literal (decimal, hex, octal, binary); `unsigned` when it had a `U` suffix.
    Int {
        value: u64,
        unsigned: bool,
    },
    /// Float literal as its bits: `0f3F800000` (f32), `0d3FF0000000000000` (f64) or `1.5` (f64).
    Float {
        bits: u64,
        double: bool,
    },
    Str(String),
    Punct(char),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

pub fn lex(text: &str) -> Result<Vec<Token>, Error> {
    let mut lx = Lexer {
        src: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut out = Vec::new();
    while let Some(token) = lx.next_token()? {
        out.push(token);
    }
    Ok(out)
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'_' | b'$' | b'%')
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$')
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn span(&self) -> Span {
        Span {
            line: self.line,
            column: (self.pos - self.line_start + 1) as u32,
        }
    }

    fn error(&self, message: String) -> Error {
        Error::at(self.span(), message)
    }

    fn bump(&mut self) {
        if self.peek(0) == b'\n' {
            self.line += 1;
            self.line_start = self.pos + 1;
        }
        self.pos += 1;
    }

    fn skip_space_and_comments(&mut self) -> Result<(), Error> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (c, _) if c.is_ascii_whitespace() => self.bump(),
                (b'/', b'/') => {
                    while self.pos < self.src.len() && self.peek(0) != b'\n' {
                        self.bump();
                    }
                }
                (b'/', b'*') => {
                    let start = self.span();
                    self.pos += 2;
                    while !(self.peek(0) == b'*' && self.peek(1) == b'/') {
                        if self.pos >= self.src.len() {
                            return Err(Error::at(start, "unterminated comment".into()));
                        }
                        self.bump();
                    }
                    self.pos += 2;
                }
                _ => return Ok(()),
            }
        }
    }

    fn take_while(&mut self, pred: fn(u8) -> bool) -> &str {
        let start = self.pos;
        while self.pos < self.src.len() && pred(self.peek(0)) {
            self.pos += 1;
        }
        std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("")
    }

    fn next_token(&mut self) -> Result<Option<Token>, Error> {
        self.skip_space_and_comments()?;
        if self.pos >= self.src.len() {
            return Ok(None);
        }
        let span = self.span();
        let c = self.peek(0);
        let tok = if c == b'.' && (is_ident_start(self.peek(1)) || self.peek(1).is_ascii_digit()) {
            self.pos += 1;
            Tok::Dot(self.dotted_word())
        } else if is_ident_start(c) {
            self.pos += 1;
            let rest = self.take_while(is_ident_char);
            Tok::Ident(format!("{}{rest}", c as char))
        } else if c.is_ascii_digit() {
            self.number()?
        } else if c == b'"' {
            self.string()?
        } else if c.is_ascii() && !c.is_ascii_control() {
            self.pos += 1;
            Tok::Punct(c as char)
        } else {
            return Err(self.error(format!("unexpected character {:?}", c as char)));
        };
        Ok(Some(Token { tok, span }))
    }

    /// A dotted word, with `::` qualifiers kept (`shared::cta`, `L2::cache_hint`).
    fn dotted_word(&mut self) -> String {
        let mut word = self.take_while(is_ident_char).to_string();
        while self.peek(0) == b':' && self.peek(1) == b':' && is_ident_char(self.peek(2)) {
            self.pos += 2;
            word = format!("{word}::{}", self.take_while(is_ident_char));
        }
        word
    }

    fn string(&mut self) -> Result<Tok, Error> {
        let start = self.span();
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek(0) {
                b'"' => break,
                0 | b'\n' => return Err(Error::at(start, "unterminated string".into())),
                c => s.push(c as char),
            }
            self.pos += 1;
        }
        self.pos += 1;
        Ok(Tok::Str(s))
    }

    fn number(&mut self) -> Result<Tok, Error> {
        let start = self.pos;
        let word = self
            .take_while(|c| c.is_ascii_alphanumeric() || c == b'.')
            .to_string();
        // A decimal float may carry an exponent sign: 1.5e-3.
        let word = if (word.ends_with('e') || word.ends_with('E'))
            && !word.starts_with("0x")
            && matches!(self.peek(0), b'+' | b'-')
        {
            let sign = self.peek(0) as char;
            self.pos += 1;
            let exp = self.take_while(|c| c.is_ascii_digit()).to_string();
            format!("{word}{sign}{exp}")
        } else {
            word
        };
        parse_number(&word)
            .ok_or_else(|| Error::at(self.span_at(start), format!("malformed number `{word}`")))
    }

    fn span_at(&self, pos: usize) -> Span {
        Span {
            line: self.line,
            column: (pos - self.line_start + 1) as u32,
        }
    }
}

fn parse_number(word: &str) -> Option<Tok> {
    let lower = word.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0f") {
        return (hex.len() == 8)
            .then(|| u64::from_str_radix(hex, 16).ok())
            .flatten()
            .map(|bits| Tok::Float {
                bits,
                double: false,
            });
    }
    if let Some(hex) = lower.strip_prefix("0d") {
        return (hex.len() == 16)
            .then(|| u64::from_str_radix(hex, 16).ok())
            .flatten()
            .map(|bits| Tok::Float { bits, double: true });
    }
    let (digits, unsigned) = match lower.strip_suffix('u') {
        Some(d) => (d, true),
        None => (lower.as_str(), false),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = digits.strip_prefix("0b") {
        u64::from_str_radix(bin, 2).ok()
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|c| c.is_ascii_digit())
    {
        u64::from_str_radix(&digits[1..], 8).ok()
    } else if digits.bytes().all(|c| c.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    };
    match value {
        Some(value) => Some(Tok::Int { value, unsigned }),
        None if !unsigned => lower.parse::<f64>().ok().map(|f| Tok::Float {
            bits: f.to_bits(),
            double: true,
        }),
        None => None,
    }
}

/// The tokens one per line, for `Stage::Tokens`.
pub fn dump(tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| format!("{}:{} {:?}\n", t.span.line, t.span.column, t.tok))
        .collect()
}
