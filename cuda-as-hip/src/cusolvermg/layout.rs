//! cuSOLVERMg's distributed matrices: 1-D column block-cyclic over one row of devices. Global
//! column `j` is in tile `j / NB` (NB: the descriptor's column block size), held by the grid's
//! device `tile % G` as its local tile `tile / G`; each device keeps its columns packed, column
//! major, with the global row count as leading dimension. Which runs of consecutive columns make a
//! sub-matrix is pure arithmetic, here; the copies are `hand`'s.

use std::ffi::c_int;

/// A distributed matrix, as `cusolverMgCreateMatrixDesc` described it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Desc {
    pub rows: usize,
    pub cols: usize,
    pub col_block: usize,
    /// Its `cudaDataType`.
    pub data_type: u32,
    /// The grid's devices, in the order of the caller's arrays of device pointers.
    pub devices: Vec<c_int>,
}

/// Columns of a sub-matrix that lie next to each other in one device's local array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    /// Which of the caller's device pointers holds them.
    pub device: usize,
    /// Element offset of the run's first element in that local array.
    pub local: usize,
    /// Element offset of the run's first element in the packed sub-matrix (leading dimension: its
    /// row count).
    pub packed: usize,
    pub columns: usize,
}

impl Desc {
    /// Where global column `j` lives: (device index, local column).
    fn place(&self, j: usize) -> (usize, usize) {
        let (tile, g) = (j / self.col_block, self.devices.len());
        (tile % g, (tile / g) * self.col_block + j % self.col_block)
    }

    /// The runs holding the `m` × `n` sub-matrix whose first element is (`i0`, `j0`) (0-based),
    /// in column order; `None` where it does not fit the matrix.
    pub fn runs(&self, i0: usize, j0: usize, m: usize, n: usize) -> Option<Vec<Run>> {
        if i0.checked_add(m)? > self.rows || j0.checked_add(n)? > self.cols {
            return None;
        }
        let mut runs = Vec::new();
        let mut j = j0;
        while j < j0 + n {
            let tile_end = (j / self.col_block + 1) * self.col_block;
            let columns = tile_end.min(j0 + n) - j;
            let (device, col) = self.place(j);
            runs.push(Run {
                device,
                local: col * self.rows + i0,
                packed: (j - j0) * m,
                columns,
            });
            j += columns;
        }
        Some(runs)
    }

    /// The descriptor of the pivots `getrf` leaves beside this matrix: one row, tiled as its
    /// columns are.
    pub fn pivots(&self) -> Desc {
        Desc {
            rows: 1,
            data_type: 0,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host model of the layout: each device's local array, built column by column from the
    /// definition (global column j on device (j / nb) % g, as local tile (j / nb) / g).
    fn distribute(a: &[u32], d: &Desc) -> Vec<Vec<u32>> {
        let mut local = vec![Vec::new(); d.devices.len()];
        for tile in 0..d.cols.div_ceil(d.col_block) {
            let cols = tile * d.col_block..((tile + 1) * d.col_block).min(d.cols);
            let dev = tile % d.devices.len();
            for j in cols {
                local[dev].extend_from_slice(&a[j * d.rows..(j + 1) * d.rows]);
            }
        }
        local
    }

    fn gather(local: &[Vec<u32>], runs: &[Run], d: &Desc, m: usize) -> Vec<u32> {
        let mut packed = vec![0; runs.iter().map(|r| r.columns).sum::<usize>() * m];
        for r in runs {
            for c in 0..r.columns {
                let src = r.local + c * d.rows;
                let dst = r.packed + c * m;
                packed[dst..dst + m].copy_from_slice(&local[r.device][src..src + m]);
            }
        }
        packed
    }

    #[test]
    fn runs_gather_every_sub_matrix_as_the_layout_defines_it() {
        for (rows, cols, nb, g) in [(7, 13, 3, 2), (5, 9, 4, 3), (4, 4, 8, 2), (6, 10, 1, 4)] {
            let d = Desc {
                rows,
                cols,
                col_block: nb,
                data_type: 0,
                devices: (0..g).collect(),
            };
            let a: Vec<u32> = (0..(rows * cols) as u32).collect();
            let local = distribute(&a, &d);
            for (i0, j0, m, n) in [
                (0, 0, rows, cols),
                (1, 2, rows - 2, cols - 3),
                (rows - 1, cols - 1, 1, 1),
            ] {
                let runs = d.runs(i0, j0, m, n).unwrap();
                let want: Vec<u32> = (j0..j0 + n)
                    .flat_map(|j| (i0..i0 + m).map(move |i| (j * rows + i) as u32))
                    .collect();
                assert_eq!(
                    gather(&local, &runs, &d, m),
                    want,
                    "{rows}x{cols}/{nb}/{g} at ({i0},{j0})"
                );
                assert!(runs
                    .iter()
                    .all(|r| r.columns <= nb && r.device < g as usize));
            }
        }
    }

    #[test]
    fn a_sub_matrix_outside_the_matrix_has_no_runs() {
        let d = Desc {
            rows: 4,
            cols: 4,
            col_block: 2,
            data_type: 0,
            devices: vec![0],
        };
        assert_eq!(d.runs(1, 0, 4, 1), None);
        assert_eq!(d.runs(0, 3, 1, 2), None);
        assert_eq!(d.runs(usize::MAX, 0, 1, 1), None);
        let p = d.pivots().runs(0, 0, 1, 4).unwrap();
        assert_eq!(
            p.iter().map(|r| (r.local, r.packed)).collect::<Vec<_>>(),
            [(0, 0), (2, 2)]
        );
    }
}
