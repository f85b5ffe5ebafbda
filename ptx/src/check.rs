//! Stage 3: checks the lowering relies on — every branch target is a label of its function,
//! every called function is declared in the module, kernels return nothing.

use std::collections::HashSet;

use crate::ast::*;
use crate::Error;

pub fn check(module: &Module) -> Result<(), Error> {
    let functions: HashSet<&str> = module
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Func(f) => Some(f.name.as_str()),
            Item::Var(_) => None,
        })
        .collect();
    for item in &module.items {
        let Item::Func(f) = item else { continue };
        let fail = |span: crate::Span, message: String| {
            Err(Error::at(span, message).in_function(Some(f.name.clone())))
        };
        if f.kernel && !f.returns.is_empty() {
            return fail(f.span, "a kernel (.entry) can not return values".into());
        }
        let Some(body) = &f.body else { continue };
        let mut labels = HashSet::new();
        if let Some(twice) = collect_labels(body, &mut labels) {
            return fail(f.span, format!("label `{twice}` is defined more than once"));
        }
        let mut instructions = Vec::new();
        collect_instructions(body, &mut instructions);
        for i in instructions {
            match (i.opcode.as_str(), i.operands.first()) {
                ("bra", Some(Operand::Symbol(l) | Operand::Reg(l)))
                    if !labels.contains(l.as_str()) =>
                {
                    return fail(
                        i.span,
                        format!("branch to `{l}`, which is not a label of this function"),
                    );
                }
                ("call", _) => {
                    let callee = i.operands.iter().find_map(|o| match o {
                        Operand::Symbol(s) => Some(s.as_str()),
                        _ => None,
                    });
                    if let Some(c) = callee.filter(|c| !functions.contains(c)) {
                        return fail(
                            i.span,
                            format!("call of `{c}`, which is not declared in this module"),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Gathers the labels of `body` into `out`; the first one defined twice, if any.
fn collect_labels<'a>(body: &'a [Statement], out: &mut HashSet<&'a str>) -> Option<&'a str> {
    for s in body {
        let twice = match s {
            Statement::Label(l) => (!out.insert(l.as_str())).then_some(l.as_str()),
            Statement::Block(inner) => collect_labels(inner, out),
            _ => None,
        };
        if twice.is_some() {
            return twice;
        }
    }
    None
}

fn collect_instructions<'a>(body: &'a [Statement], out: &mut Vec<&'a Instruction>) {
    for s in body {
        match s {
            Statement::Instr(i) => out.push(i),
            Statement::Block(inner) => collect_instructions(inner, out),
            _ => {}
        }
    }
}
