//! Stage 2: tokens → `ast::Module`. Opcodes and their modifiers are checked against the instruction
//! table here, so an untranslated instruction is reported at its line before any lowering.

use crate::ast::*;
use crate::instructions;
use crate::lex::{Span, Tok, Token};
use crate::Error;

pub fn parse(tokens: &[Token]) -> Result<Module, Error> {
    let mut p = Parser {
        toks: tokens,
        pos: 0,
        function: None,
    };
    p.module()
}

struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    function: Option<String>,
}

type R<T> = Result<T, Error>;

const VECTOR_PARTS: &[&str] = &["x", "y", "z", "w", "r", "g", "b", "a"];

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.pos + ahead).map(|t| &t.tok)
    }

    fn span(&self) -> Span {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map(|t| t.span)
            .unwrap_or_default()
    }

    fn error<T>(&self, message: impl Into<String>) -> R<T> {
        Err(Error::at(self.span(), message.into()).in_function(self.function.clone()))
    }

    fn next(&mut self) -> R<Tok> {
        match self.toks.get(self.pos) {
            Some(t) => {
                self.pos += 1;
                Ok(t.tok.clone())
            }
            None => self.error("unexpected end of input"),
        }
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn expect_punct(&mut self, c: char) -> R<()> {
        if self.eat_punct(c) {
            return Ok(());
        }
        self.error(format!("expected `{c}`, found {}", self.found()))
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "end of input".into(),
            Some(Tok::Ident(s)) => format!("`{s}`"),
            Some(Tok::Dot(s)) => format!("`.{s}`"),
            Some(Tok::Punct(c)) => format!("`{c}`"),
            Some(t) => format!("{t:?}"),
        }
    }

    fn eat_dot(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Dot(w)) if w == word) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn ident(&mut self) -> R<String> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => self.error(format!("expected a name, found {}", self.found())),
        }
    }

    fn int(&mut self) -> R<i64> {
        let negative = self.eat_punct('-');
        match self.next()? {
            Tok::Int { value, .. } => Ok(if negative {
                (value as i64).wrapping_neg()
            } else {
                value as i64
            }),
            _ => {
                self.pos -= 1;
                self.error(format!("expected an integer, found {}", self.found()))
            }
        }
    }

    /// N of a register range `%r<N>`, at most 2^20 (PTX itself has far fewer registers).
    fn register_count(&mut self) -> R<u32> {
        match self.int()? {
            n @ 0..=0x10_0000 => Ok(n as u32),
            n => self.error(format!(
                "a register range of {n} is not translated (at most 2^20)"
            )),
        }
    }

    fn module(&mut self) -> R<Module> {
        let mut module = Module {
            version: String::new(),
            target: String::new(),
            items: Vec::new(),
        };
        while let Some(tok) = self.peek().cloned() {
            match tok {
                Tok::Dot(d) if d == "version" => {
                    self.pos += 1;
                    module.version = self.version_number()?;
                }
                Tok::Dot(d) if d == "target" => {
                    self.pos += 1;
                    module.target = self.ident()?;
                    while self.eat_punct(',') {
                        self.ident()?;
                    }
                }
                Tok::Dot(d) if d == "address_size" => {
                    self.pos += 1;
                    if self.int()? != 64 {
                        return self.error("only `.address_size 64` is translated");
                    }
                }
                Tok::Dot(d) if d == "file" => self.skip_file()?,
                Tok::Dot(d) if d == "section" => self.skip_section()?,
                Tok::Dot(d) if d == "pragma" => self.skip_pragma()?,
                _ => module.items.push(self.item()?),
            }
        }
        Ok(module)
    }

    fn version_number(&mut self) -> R<String> {
        match self.next()? {
            Tok::Float { bits, .. } => Ok(format!("{}", f64::from_bits(bits))),
            Tok::Int { value, .. } => Ok(value.to_string()),
            _ => self.error("expected a version number"),
        }
    }

    fn skip_file(&mut self) -> R<()> {
        self.pos += 1;
        self.int()?;
        match self.next()? {
            Tok::Str(_) => {}
            _ => return self.error("expected a file name"),
        }
        while self.eat_punct(',') {
            self.int()?;
        }
        Ok(())
    }

    fn skip_section(&mut self) -> R<()> {
        self.pos += 2;
        self.expect_punct('{')?;
        let mut depth = 1;
        while depth > 0 {
            match self.next()? {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn skip_pragma(&mut self) -> R<()> {
        self.pos += 1;
        while !self.eat_punct(';') {
            self.next()?;
        }
        Ok(())
    }

    fn linkage(&mut self) -> Linkage {
        let mut linkage = Linkage::Private;
        loop {
            linkage = match self.peek() {
                Some(Tok::Dot(d)) if d == "visible" => Linkage::Visible,
                Some(Tok::Dot(d)) if d == "extern" => Linkage::Extern,
                Some(Tok::Dot(d)) if d == "weak" || d == "common" => Linkage::Weak,
                _ => return linkage,
            };
            self.pos += 1;
        }
    }

    fn item(&mut self) -> R<Item> {
        let linkage = self.linkage();
        match self.peek() {
            Some(Tok::Dot(d)) if d == "entry" || d == "func" => {
                Ok(Item::Func(self.function(linkage)?))
            }
            Some(Tok::Dot(_)) => {
                let var = self.var_decl(linkage)?;
                self.expect_punct(';')?;
                Ok(Item::Var(var))
            }
            _ => self.error(format!("expected a directive, found {}", self.found())),
        }
    }

    /// `[.align N] .space [.align N] [.ptr …] [.vN] .type name[<N>][dims] [= init]` (no `;`).
    fn var_decl(&mut self, linkage: Linkage) -> R<VarDecl> {
        let span = self.span();
        let mut decl = VarDecl {
            span,
            linkage,
            space: Space::Generic,
            align: None,
            ty: Scalar::B8,
            vector: 1,
            name: String::new(),
            dims: Vec::new(),
            init: None,
            range: None,
        };
        let mut space = None;
        let mut ty = None;
        while let Some(Tok::Dot(d)) = self.peek().cloned() {
            self.pos += 1;
            match d.as_str() {
                "align" => decl.align = Some(self.int()? as u64),
                "reg" => space = Some(Space::Reg),
                "v2" => decl.vector = 2,
                "v4" => decl.vector = 4,
                "v8" => decl.vector = 8,
                "ptr" => {}
                other => {
                    if let Some(s) = Space::from_word(other) {
                        if space.is_none() {
                            space = Some(s);
                        }
                    } else if let Some(t) = Scalar::from_word(other) {
                        ty = Some(t);
                    } else {
                        self.pos -= 1;
                        return self.error(format!("directive `.{other}` is not translated here"));
                    }
                }
            }
        }
        let (Some(space), Some(ty)) = (space, ty) else {
            return self.error("expected a state space and a type in this declaration");
        };
        decl.space = space;
        decl.ty = ty;
        decl.name = self.ident()?;
        if self.eat_punct('<') {
            decl.range = Some(self.register_count()?);
            self.expect_punct('>')?;
        }
        while self.eat_punct('[') {
            decl.dims.push(if self.peek() == Some(&Tok::Punct(']')) {
                0
            } else {
                self.int()? as u64
            });
            self.expect_punct(']')?;
        }
        if self.eat_punct('=') {
            let mut values = Vec::new();
            self.initializer(&mut values)?;
            decl.init = Some(values);
        }
        Ok(decl)
    }

    fn initializer(&mut self, out: &mut Vec<Init>) -> R<()> {
        if self.eat_punct('{') {
            loop {
                self.initializer(out)?;
                if !self.eat_punct(',') {
                    break;
                }
            }
            return self.expect_punct('}');
        }
        let negative = self.eat_punct('-');
        let value = match self.next()? {
            Tok::Int { value, .. } => Init::Int(if negative {
                -(value as i128)
            } else {
                value as i128
            }),
            Tok::Float { bits, double } => {
                let sign = if negative {
                    if double {
                        1 << 63
                    } else {
                        1 << 31
                    }
                } else {
                    0
                };
                Init::Float(bits ^ sign, double)
            }
            Tok::Ident(name) if name == "generic" => {
                self.expect_punct('(')?;
                let name = self.ident()?;
                self.expect_punct(')')?;
                let offset = self.symbol_offset()?;
                Init::Symbol {
                    name,
                    generic: true,
                    offset,
                }
            }
            Tok::Ident(name) => {
                let offset = self.symbol_offset()?;
                Init::Symbol {
                    name,
                    generic: false,
                    offset,
                }
            }
            _ => {
                self.pos -= 1;
                return self.error(format!("expected an initializer, found {}", self.found()));
            }
        };
        out.push(value);
        Ok(())
    }

    fn symbol_offset(&mut self) -> R<i64> {
        if self.eat_punct('+') {
            return self.int();
        }
        if self.peek() == Some(&Tok::Punct('-')) {
            return self.int();
        }
        Ok(0)
    }

    fn function(&mut self, linkage: Linkage) -> R<Function> {
        let span = self.span();
        let kernel = matches!(self.next()?, Tok::Dot(d) if d == "entry");
        let returns = if self.peek() == Some(&Tok::Punct('(')) {
            self.param_list()?
        } else {
            Vec::new()
        };
        let name = self.ident()?;
        self.function = Some(name.clone());
        let params = if self.peek() == Some(&Tok::Punct('(')) {
            self.param_list()?
        } else {
            Vec::new()
        };
        let max_threads = self.performance_directives()?;
        let body = if self.eat_punct(';') {
            None
        } else {
            Some(self.block()?)
        };
        self.function = None;
        Ok(Function {
            span,
            name,
            kernel,
            linkage,
            returns,
            params,
            body,
            max_threads,
        })
    }

    fn param_list(&mut self) -> R<Vec<VarDecl>> {
        self.expect_punct('(')?;
        let mut params = Vec::new();
        if self.eat_punct(')') {
            return Ok(params);
        }
        loop {
            params.push(self.var_decl(Linkage::Private)?);
            if self.eat_punct(')') {
                return Ok(params);
            }
            self.expect_punct(',')?;
        }
    }

    /// Performance directives; gives the most threads per block `.maxntid`/`.reqntid` allow.
    fn performance_directives(&mut self) -> R<Option<u64>> {
        const PERF: &[&str] = &[
            "maxntid",
            "reqntid",
            "minnctapersm",
            "maxnctapersm",
            "maxnreg",
            "noreturn",
            "maxclusterrank",
            "reqnctapercluster",
            "explicitcluster",
        ];
        let mut max_threads = None;
        while let Some(Tok::Dot(d)) = self.peek().cloned() {
            if d == "pragma" {
                self.skip_pragma()?;
                continue;
            }
            if !PERF.contains(&d.as_str()) {
                return self.error(format!("directive `.{d}` is not translated"));
            }
            self.pos += 1;
            let mut product: u64 = 1;
            while let Some(Tok::Int { value, .. }) = self.peek() {
                product = product.saturating_mul(*value);
                self.pos += 1;
                self.eat_punct(',');
            }
            if d == "maxntid" || d == "reqntid" {
                max_threads = Some(product);
            }
        }
        Ok(max_threads)
    }

    /// `{ statements }`.
    fn block(&mut self) -> R<Vec<Statement>> {
        self.expect_punct('{')?;
        let mut out = Vec::new();
        while !self.eat_punct('}') {
            out.extend(self.statement()?);
        }
        Ok(out)
    }

    /// One statement; a declaration of several names gives one statement per name.
    fn statement(&mut self) -> R<Vec<Statement>> {
        match self.peek().cloned() {
            Some(Tok::Punct('{')) => Ok(vec![Statement::Block(self.block()?)]),
            Some(Tok::Dot(d)) if d == "loc" => {
                self.pos += 1;
                self.int()?;
                self.int()?;
                self.int()?;
                while self.eat_punct(',') {
                    self.next()?;
                    while matches!(
                        self.peek(),
                        Some(Tok::Ident(_) | Tok::Int { .. } | Tok::Punct('+'))
                    ) {
                        self.next()?;
                    }
                }
                Ok(vec![])
            }
            Some(Tok::Dot(d)) if d == "pragma" => self.skip_pragma().map(|_| vec![]),
            Some(Tok::Dot(_)) => {
                let decl = self.var_decl(Linkage::Private)?;
                let mut decls = vec![Statement::Decl(decl.clone())];
                while self.eat_punct(',') {
                    let name = self.ident()?;
                    let mut more = VarDecl {
                        name,
                        range: None,
                        ..decl.clone()
                    };
                    if self.eat_punct('<') {
                        more.range = Some(self.register_count()?);
                        self.expect_punct('>')?;
                    }
                    decls.push(Statement::Decl(more));
                }
                self.expect_punct(';')?;
                Ok(decls)
            }
            Some(Tok::Ident(name)) if self.peek_at(1) == Some(&Tok::Punct(':')) => {
                self.pos += 2;
                if self.eat_dot("callprototype") {
                    return self.error("indirect calls (`.callprototype`) are not translated");
                }
                Ok(vec![Statement::Label(name)])
            }
            _ => Ok(vec![Statement::Instr(self.instruction()?)]),
        }
    }

    fn instruction(&mut self) -> R<Instruction> {
        let span = self.span();
        let guard = if self.eat_punct('@') {
            let negate = self.eat_punct('!');
            Some(Guard {
                negate,
                pred: self.ident()?,
            })
        } else {
            None
        };
        let opcode = self.ident()?;
        let mut mods = Vec::new();
        while let Some(Tok::Dot(m)) = self.peek() {
            mods.push(m.clone());
            self.pos += 1;
        }
        if let Some(why) = instructions::check_modifiers(&opcode, &mods) {
            let spelled = std::iter::once(opcode.as_str())
                .chain(mods.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(".");
            return Err(Error::at(
                span,
                format!("instruction `{spelled}` is not translated ({why})"),
            )
            .in_function(self.function.clone()));
        }
        let mut operands = Vec::new();
        if !self.eat_punct(';') {
            loop {
                operands.push(self.operand()?);
                if self.eat_punct(';') {
                    break;
                }
                self.expect_punct(',')?;
            }
        }
        Ok(Instruction {
            span,
            guard,
            opcode,
            mods,
            operands,
        })
    }

    fn register(&mut self) -> R<String> {
        let mut name = self.ident()?;
        if let Some(Tok::Dot(part)) = self.peek() {
            if VECTOR_PARTS.contains(&part.as_str()) {
                name = format!("{name}.{part}");
                self.pos += 1;
            }
        }
        Ok(name)
    }

    fn operand(&mut self) -> R<Operand> {
        match self.peek().cloned() {
            Some(Tok::Punct('[')) => {
                self.pos += 1;
                let base = match self.peek() {
                    Some(Tok::Int { .. }) => Operand::Int(self.int()?),
                    _ => self.register().map(Operand::Reg)?,
                };
                if self.eat_punct(',') {
                    let coords = match self.operand()? {
                        Operand::Vector(parts) => parts,
                        single => vec![single],
                    };
                    self.expect_punct(']')?;
                    return Ok(Operand::Image {
                        handle: Box::new(base),
                        coords,
                    });
                }
                let offset = self.symbol_offset()?;
                self.expect_punct(']')?;
                Ok(Operand::Address {
                    base: Box::new(base),
                    offset,
                })
            }
            Some(Tok::Punct('{')) => {
                self.pos += 1;
                let mut parts = Vec::new();
                loop {
                    parts.push(self.operand()?);
                    if self.eat_punct('}') {
                        return Ok(Operand::Vector(parts));
                    }
                    self.expect_punct(',')?;
                }
            }
            Some(Tok::Punct('(')) => {
                self.pos += 1;
                let mut parts = Vec::new();
                if self.eat_punct(')') {
                    return Ok(Operand::List(parts));
                }
                loop {
                    parts.push(self.operand()?);
                    if self.eat_punct(')') {
                        return Ok(Operand::List(parts));
                    }
                    self.expect_punct(',')?;
                }
            }
            Some(Tok::Punct('!')) => {
                self.pos += 1;
                Ok(Operand::NotReg(self.register()?))
            }
            Some(Tok::Punct('-')) => match self.peek_at(1) {
                Some(Tok::Float { bits, double }) => {
                    let sign = if *double { 1 << 63 } else { 1 << 31 };
                    let op = Operand::Float(bits ^ sign, *double);
                    self.pos += 2;
                    Ok(op)
                }
                _ => Ok(Operand::Int(self.int()?)),
            },
            Some(Tok::Int { .. }) => Ok(Operand::Int(self.int()?)),
            Some(Tok::Float { bits, double }) => {
                self.pos += 1;
                Ok(Operand::Float(bits, double))
            }
            Some(Tok::Ident(s)) if s == "_" => {
                self.pos += 1;
                Ok(Operand::Sink)
            }
            Some(Tok::Ident(_)) => {
                let name = self.register()?;
                if self.eat_punct('|') {
                    return Ok(Operand::Pair(name, self.register()?));
                }
                if self.peek() == Some(&Tok::Punct('+')) {
                    self.pos += 1;
                    let offset = self.int()?;
                    return Ok(Operand::Address {
                        base: Box::new(Operand::Symbol(name)),
                        offset,
                    });
                }
                Ok(if name.starts_with('%') {
                    Operand::Reg(name)
                } else {
                    Operand::Symbol(name)
                })
            }
            _ => self.error(format!("expected an operand, found {}", self.found())),
        }
    }
}
