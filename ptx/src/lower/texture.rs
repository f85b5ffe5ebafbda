//! Textures on texture objects (PTX's unified mode: the handle is a 64-bit register): `tex`
//! sampled at float coordinates, at a level of detail (`.level`) or with gradients (`.grad`),
//! `tex.1d` at integer coordinates (`tex1Dfetch`, a texture over linear memory), and `tld4`
//! (gather). Here the operands are gathered; the prelude reads the texture (AMDGPU: HIP's image
//! and sampler descriptors through ockl, as HIP's own `tex2D` does). `.texref` textures, surfaces
//! (`suld` / `sust`), `txq`, depth compare and offsets stay untranslated errors.

use super::*;

/// A geometry's coordinates: whether the first is an array layer, and how many follow it
/// (x, y, z; PTX pads 3-D and cube coordinates to four elements).
fn coordinates(geometry: &str) -> Option<(bool, usize)> {
    Some(match geometry {
        "1d" => (false, 1),
        "2d" => (false, 2),
        "3d" | "cube" => (false, 3),
        "a1d" => (true, 1),
        "a2d" => (true, 2),
        "acube" => (true, 3),
        _ => return None,
    })
}

pub(super) fn lower(fx: &mut FnCtx, i: &Instruction) -> R<()> {
    let Some(geometry) = i.mods.iter().find(|m| coordinates(m).is_some()) else {
        return fx.err(format!("`{}` names no texture geometry", i.spelled()));
    };
    let (dtype, ctype) = fx.types(i)?;
    let dtype_code = match dtype {
        Scalar::F32 => 0,
        Scalar::S32 => 1,
        Scalar::U32 => 2,
        _ => return fx.err(format!("`{}`: texel type .{dtype:?}", i.spelled())),
    };
    if !matches!(ctype, Scalar::F32 | Scalar::S32) {
        return fx.err(format!("`{}`: coordinates are .f32 or .s32", i.spelled()));
    }
    let Operand::Image { handle, coords } = fx.operand(i, 1)?.clone() else {
        return fx.err(format!(
            "`{}` needs `[texture, {{coordinates}}]`",
            i.spelled()
        ));
    };
    let handle = fx.read(&handle, Scalar::U64)?;
    let use_ = crate::TextureUse {
        lod_grad_or_gather: i.opcode == "tld4"
            || i.mods.iter().any(|m| m == "level" || m == "grad"),
        at: Error::at(i.span, format!("`{}`", i.spelled())).in_function(Some(fx.name.clone())),
    };
    fx.cx.textures.push(use_);
    let read = Read {
        geometry,
        dtype: Val::int(32, dtype_code),
        handle,
        coords: &coords,
    };
    let texels = if ctype == Scalar::S32 {
        fetch(fx, i, read)?
    } else {
        sample(fx, i, read)?
    };
    write_texels(fx, i, dtype, &texels)
}

/// What every read hands the prelude: its geometry, the texel type's code (0 f32, 1 s32, 2 u32),
/// the texture, and the coordinate operands.
struct Read<'a> {
    geometry: &'a str,
    dtype: Val,
    handle: Val,
    coords: &'a [Operand],
}

/// `tex.1d` at an integer coordinate: `tex1Dfetch`.
fn fetch(fx: &mut FnCtx, i: &Instruction, read: Read) -> R<Val> {
    if read.geometry != "1d"
        || i.opcode != "tex"
        || i.mods.iter().any(|m| m == "level" || m == "grad")
    {
        return fx.err(format!(
            "`{}`: integer coordinates are translated for `tex.1d` only (tex1Dfetch)",
            i.spelled()
        ));
    }
    expect_extra_operands(fx, i, 0)?;
    let [x] = read.coords else {
        return fx.err(format!("`{}` takes one coordinate", i.spelled()));
    };
    let x = fx.read(x, Scalar::S32)?;
    Ok(fx.call_prelude(
        texels_ty(),
        "__ptx_tex_fetch_1d",
        &[read.handle, read.dtype, x],
    ))
}

/// `tex` (plain, `.level`, `.grad`) or `tld4` at float coordinates.
fn sample(fx: &mut FnCtx, i: &Instruction, read: Read) -> R<Val> {
    let Read {
        geometry,
        dtype,
        handle,
        coords,
    } = read;
    let (layered, lanes) = coordinates(geometry).expect("a geometry");
    let needed = usize::from(layered) + lanes;
    if coords.len() < needed {
        return fx.err(format!(
            "`{}` takes {needed} coordinates, not {}",
            i.spelled(),
            coords.len()
        ));
    }
    let layer = if layered {
        fx.read(&coords[0], Scalar::U32)?
    } else {
        Val::int(32, 0)
    };
    let c = float_lanes(fx, &coords[usize::from(layered)..needed])?;
    let mut args = vec![handle, dtype, layer, c];
    let name = sampling_function(fx, i, geometry, lanes, &mut args)?;
    Ok(fx.call_prelude(texels_ty(), &name, &args))
}

/// The prelude function of a read at float coordinates, the operands after the texture (a level,
/// or two gradients) appended to `args`.
fn sampling_function(
    fx: &mut FnCtx,
    i: &Instruction,
    geometry: &str,
    lanes: usize,
    args: &mut Vec<Val>,
) -> R<String> {
    let has = |m: &str| i.mods.iter().any(|x| x == m);
    if i.opcode == "tld4" {
        expect_extra_operands(fx, i, 0)?;
        return match ["r", "g", "b", "a"].into_iter().find(|c| has(c)) {
            Some(c) if geometry == "2d" => Ok(format!("__ptx_tld4_{c}_2d")),
            _ => fx.err(format!(
                "`{}`: tld4 is translated for .2d with a component .r/.g/.b/.a",
                i.spelled()
            )),
        };
    }
    if has("level") {
        expect_extra_operands(fx, i, 1)?;
        args.push(fx.read(&i.operands[2], Scalar::F32)?);
        return Ok(format!("__ptx_tex_level_{geometry}"));
    }
    if has("grad") {
        if matches!(geometry, "cube" | "acube") {
            return fx.err(format!("`{}`: cube maps take no gradients", i.spelled()));
        }
        expect_extra_operands(fx, i, 2)?;
        for n in 2..4 {
            let parts = match &i.operands[n] {
                Operand::Vector(parts) => parts.clone(),
                single => vec![single.clone()],
            };
            args.push(float_lanes(fx, &parts[..lanes.min(parts.len())])?);
        }
        return Ok(format!("__ptx_tex_grad_{geometry}"));
    }
    expect_extra_operands(fx, i, 0)?;
    Ok(format!("__ptx_tex_{geometry}"))
}

/// The prelude's result: a texel's four 32-bit channels, as bits.
fn texels_ty() -> Ty {
    Ty::Vec(4, Box::new(Ty::I(32)))
}

/// Operands read as f32 into lanes 0.. of a <4 x float> (the rest 0).
fn float_lanes(fx: &mut FnCtx, ops: &[Operand]) -> R<Val> {
    let mut v = Val {
        ty: Ty::Vec(4, Box::new(Ty::Float)),
        text: "zeroinitializer".into(),
    };
    for (lane, op) in ops.iter().enumerate() {
        let x = fx.read(op, Scalar::F32)?;
        v = fx.f.insert_element(&v, &x, lane as u32);
    }
    Ok(v)
}

/// Operands after the destination and the texture: `extra` more (a level, or two gradients), and
/// nothing else (depth compare values and texel offsets are not translated).
fn expect_extra_operands(fx: &FnCtx, i: &Instruction, extra: usize) -> R<()> {
    if i.operands.len() == 2 + extra {
        return Ok(());
    }
    fx.err(format!(
        "`{}` takes {} operands here, not {} (texel offsets and depth compare are not translated)",
        i.spelled(),
        2 + extra,
        i.operands.len()
    ))
}

/// The four channels into the destination vector `{r, g, b, a}` (sinks allowed).
fn write_texels(fx: &mut FnCtx, i: &Instruction, dtype: Scalar, texels: &Val) -> R<()> {
    let Operand::Vector(dests) = fx.operand(i, 0)?.clone() else {
        return fx.err(format!(
            "`{}` writes a vector of four registers",
            i.spelled()
        ));
    };
    if dests.len() != 4 {
        return fx.err(format!(
            "`{}` writes four registers, not {}",
            i.spelled(),
            dests.len()
        ));
    }
    for (lane, d) in dests.iter().enumerate() {
        let bits = fx.f.extract_element(texels, lane as u32);
        let v = fx.f.cast("bitcast", &bits, value_ty(dtype));
        fx.write(d, dtype, v)?;
    }
    Ok(())
}
