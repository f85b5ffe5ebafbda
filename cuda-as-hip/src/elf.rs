//! Just enough of 64-bit little-endian ELF for what the shim reads itself: a section by name
//! (nvcc's `.nv_fatbin` in a program or library), the symbols of an AMD code object, and where a
//! relocated data word of it points (the lowered name expressions of hiprtc 5, nvrtc/lowered.rs).
//! Every read is bounds-checked: a malformed file gives `None`, never a panic. Public but hidden:
//! the tests that check code objects read them with it too.

pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}
pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}
pub(crate) fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

// Section types, and the AMDGPU relocations a code object's data words carry.
const SHT_SYMTAB: u32 = 2;
const SHT_DYNSYM: u32 = 11;
const SHT_RELA: u32 = 4;
const R_AMDGPU_ABS64: u64 = 3;
const R_AMDGPU_RELATIVE64: u64 = 13;

#[derive(Clone, Copy)]
struct Section {
    name: u32,
    kind: u32,
    link: u32,
    offset: usize,
    size: usize,
}

/// A parsed ELF file: its section headers, over the file's bytes.
pub struct Elf<'a> {
    bytes: &'a [u8],
    sections: Vec<Section>,
    names: usize,
}

/// A symbol of a symbol table: its name and value (an address in a code object).
pub struct Symbol<'a> {
    pub name: &'a str,
    pub value: u64,
}

impl<'a> Elf<'a> {
    /// `None` when `bytes` is no 64-bit little-endian ELF file or its section headers lie outside it.
    pub fn parse(bytes: &'a [u8]) -> Option<Elf<'a>> {
        if bytes.get(..6)? != b"\x7fELF\x02\x01" {
            return None;
        }
        let table = usize::try_from(u64_at(bytes, 0x28)?).ok()?;
        let (size, count) = (u16_at(bytes, 0x3A)?, u16_at(bytes, 0x3C)?);
        let sections = (0..usize::from(count))
            .map(|i| {
                let h = bytes.get(table.checked_add(i * usize::from(size))?..)?;
                Some(Section {
                    name: u32_at(h, 0)?,
                    kind: u32_at(h, 4)?,
                    offset: usize::try_from(u64_at(h, 0x18)?).ok()?,
                    size: usize::try_from(u64_at(h, 0x20)?).ok()?,
                    link: u32_at(h, 0x28)?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let names = usize::from(u16_at(bytes, 0x3E)?);
        Some(Elf {
            bytes,
            sections,
            names,
        })
    }

    /// A section's bytes; `None` where they lie outside the file (as `.bss`'s do).
    fn data(&self, s: &Section) -> Option<&'a [u8]> {
        self.bytes.get(s.offset..s.offset.checked_add(s.size)?)
    }

    /// The NUL-terminated string at `at` of string table section `table`.
    fn string(&self, table: usize, at: u32) -> Option<&'a str> {
        let text = self.data(self.sections.get(table)?)?;
        let text = text.get(usize::try_from(at).ok()?..)?;
        std::str::from_utf8(&text[..text.iter().position(|&b| b == 0)?]).ok()
    }

    /// The contents of the section named `name`.
    pub fn section(&self, name: &str) -> Option<&'a [u8]> {
        let s = self
            .sections
            .iter()
            .find(|s| self.string(self.names, s.name) == Some(name))?;
        self.data(s)
    }

    /// The symbols of symbol table section `index`.
    fn table(&self, index: usize) -> Vec<Symbol<'a>> {
        let Some((s, data)) = self
            .sections
            .get(index)
            .and_then(|s| Some((s, self.data(s)?)))
        else {
            return Vec::new();
        };
        data.chunks_exact(24)
            .filter_map(|sym| {
                let name = self.string(usize::try_from(s.link).ok()?, u32_at(sym, 0)?)?;
                let value = u64_at(sym, 8)?;
                Some(Symbol { name, value })
            })
            .collect()
    }

    /// The symbols of the static and the dynamic symbol tables (a name in both comes twice).
    pub fn symbols(&self) -> Vec<Symbol<'a>> {
        let tables = self.sections.iter().enumerate();
        (tables.filter(|(_, s)| matches!(s.kind, SHT_SYMTAB | SHT_DYNSYM)))
            .flat_map(|(i, _)| self.table(i))
            .collect()
    }

    /// The address the dynamic relocation of the word at `address` puts there: a relative one's
    /// addend, or an absolute one's symbol value plus addend.
    pub fn relocated(&self, address: u64) -> Option<u64> {
        self.sections
            .iter()
            .filter(|s| s.kind == SHT_RELA)
            .find_map(|s| {
                let entry = self
                    .data(s)?
                    .chunks_exact(24)
                    .find(|r| u64_at(r, 0) == Some(address))?;
                let (info, addend) = (u64_at(entry, 8)?, u64_at(entry, 16)?);
                match info & 0xffff_ffff {
                    R_AMDGPU_RELATIVE64 => Some(addend),
                    R_AMDGPU_ABS64 => {
                        let symbols = self.table(usize::try_from(s.link).ok()?);
                        let target = symbols.get(usize::try_from(info >> 32).ok()?)?;
                        Some(target.value.wrapping_add(addend))
                    }
                    _ => None,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Elf;

    /// This test program: an ELF file with sections and symbols. From `argv[0]`: run under a HIP
    /// sysroot's loader (scripts/on-hip.sh), `/proc/self/exe` is the loader.
    fn own() -> Vec<u8> {
        std::fs::read(std::env::args_os().next().unwrap()).unwrap()
    }

    #[test]
    fn reads_sections_and_symbols() {
        let bytes = own();
        let elf = Elf::parse(&bytes).expect("an ELF file");
        assert!(elf.section(".text").is_some_and(|t| !t.is_empty()));
        assert!(elf.section(".no_such_section").is_none());
        assert!(elf
            .symbols()
            .iter()
            .any(|s| s.name == "main" && s.value != 0));
        assert!(Elf::parse(b"\x7fELF\x01\x01").is_none(), "32-bit");
    }

    #[test]
    fn a_cut_or_garbled_file_is_none_or_less_never_a_panic() {
        let bytes = own();
        let step = bytes.len() / 300 + 1;
        for cut in (0..bytes.len()).step_by(step) {
            let mut garbled = bytes.clone();
            garbled[cut] ^= 0xff;
            for b in [&bytes[..cut], &garbled[..]] {
                if let Some(elf) = Elf::parse(b) {
                    let _ = (elf.section(".text"), elf.symbols().len(), elf.relocated(0));
                }
            }
        }
    }
}
