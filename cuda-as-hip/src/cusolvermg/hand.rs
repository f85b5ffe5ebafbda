//! The cuSOLVERMg functions (aliasgen/data/overrides/cusolvermg.txt says how each is made).
//!
//! cuSOLVERMg solves on one node's GPUs together; hipSOLVER has no such API. Here a distributed
//! matrix is gathered into the workspace of the first device of its grid (2-D copies, one per run
//! of columns: [`super::layout`]), solved there by cuSOLVER's dense function of this layer (on
//! hipSOLVER), and scattered back. The same results, on one GPU's speed. The workspace sizes
//! answered count what that needs on the first device (every device is asked for as much, as
//! cuSOLVERMg asks each for the same `lwork`); `info` and the eigenvalues are the host's, and
//! every call returns when its results are there, as cuSOLVERMg's do.
#![allow(non_snake_case, clippy::too_many_arguments)]

use super::element::{self, Element};
use super::layout::{Desc, Run};
use super::sys::*;
use crate::call::CusolverCall;
use crate::raw;
use crate::runtime::sys::{cudaError_t, cudaMemcpyKind};
use std::collections::BTreeMap;
use std::ffi::{c_int, c_void};
use std::sync::{Arc, Mutex, MutexGuard};

type Status = cusolverStatus_t;
const SUCCESS: Status = Status::CUSOLVER_STATUS_SUCCESS;
const CUDA_SUCCESS: u32 = cudaError_t::cudaSuccess as u32;

/// Objects handed out as opaque pointers: a pointer never handed out, or destroyed, is refused,
/// never followed.
struct Live<T>(Mutex<BTreeMap<usize, Arc<T>>>);

impl<T> Live<T> {
    const fn new() -> Self {
        Self(Mutex::new(BTreeMap::new()))
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<usize, Arc<T>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(&self, t: T) -> *mut c_void {
        let t = Arc::new(t);
        let p = Arc::as_ptr(&t) as usize;
        self.lock().insert(p, t);
        p as *mut c_void
    }

    fn get(&self, f: &CusolverCall, p: *mut c_void) -> Result<Arc<T>, Status> {
        let live = self.lock().get(&(p as usize)).cloned();
        live.ok_or_else(|| {
            f.rejected(
                Status::CUSOLVER_STATUS_NOT_INITIALIZED,
                "not a live object of this library",
            )
        })
    }

    fn remove(&self, f: &CusolverCall, p: *mut c_void) -> Result<Arc<T>, Status> {
        let live = self.lock().remove(&(p as usize));
        live.ok_or_else(|| {
            f.rejected(
                Status::CUSOLVER_STATUS_NOT_INITIALIZED,
                "not a live object of this library",
            )
        })
    }
}

/// A handle: the devices selected, and the dense handle of each device that has solved.
#[derive(Default)]
struct Mg {
    devices: Mutex<Vec<c_int>>,
    dense: Mutex<BTreeMap<c_int, usize>>,
}

static HANDLES: Live<Mg> = Live::new();
static GRIDS: Live<Vec<c_int>> = Live::new();
static DESCS: Live<Desc> = Live::new();

/// The current device, put back when dropped (cuSOLVERMg leaves the caller's current device).
struct OnDevice(Option<c_int>);

impl OnDevice {
    fn switch(f: &CusolverCall, device: c_int) -> Result<Self, Status> {
        let mut current = 0;
        // SAFETY: `current` is a valid out-pointer.
        let was =
            (unsafe { raw::cudaGetDevice(&mut current) } as u32 == CUDA_SUCCESS).then_some(current);
        runtime(f, "cudaSetDevice", unsafe { raw::cudaSetDevice(device) })?;
        Ok(Self(was))
    }
}

impl Drop for OnDevice {
    fn drop(&mut self) {
        if let Some(d) = self.0 {
            // SAFETY: no pointers.
            unsafe { raw::cudaSetDevice(d) };
        }
    }
}

/// A runtime call made on the caller's behalf: its failure is the solver's execution failing.
fn runtime(f: &CusolverCall, what: &str, e: cudaError_t) -> Result<(), Status> {
    match e as u32 {
        CUDA_SUCCESS => Ok(()),
        _ => Err(f.rejected(
            Status::CUSOLVER_STATUS_EXECUTION_FAILED,
            &format!("{what}: {e:?}"),
        )),
    }
}

fn status(s: Status) -> Result<(), Status> {
    match s {
        SUCCESS => Ok(()),
        s => Err(s),
    }
}

fn done(r: Result<(), Status>) -> Status {
    r.err().unwrap_or(SUCCESS)
}

impl Mg {
    /// This handle's dense handle on `device` (the current device), made the first time.
    fn dense(&self, device: c_int) -> Result<cusolverDnHandle_t, Status> {
        let mut dense = self.dense.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&h) = dense.get(&device) {
            return Ok(h as cusolverDnHandle_t);
        }
        let mut h = std::ptr::null_mut();
        // SAFETY: `h` is a valid out-pointer.
        status(unsafe { raw::cusolverDnCreate(&mut h) })?;
        dense.insert(device, h as usize);
        Ok(h)
    }
}

pub(crate) unsafe fn cusolverMgCreate(handle: *mut cusolverMgHandle_t) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgCreate");
    if handle.is_null() {
        return F.null_argument("handle");
    }
    // SAFETY: checked non-NULL; the caller's.
    unsafe { handle.write(HANDLES.insert(Mg::default()).cast()) };
    SUCCESS
}

pub(crate) unsafe fn cusolverMgDestroy(handle: cusolverMgHandle_t) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgDestroy");
    let mg = match HANDLES.remove(&F, handle.cast()) {
        Ok(mg) => mg,
        Err(e) => return e,
    };
    let dense = std::mem::take(&mut *mg.dense.lock().unwrap_or_else(|e| e.into_inner()));
    done(dense.into_iter().try_for_each(|(device, h)| {
        let _on = OnDevice::switch(&F, device)?;
        // SAFETY: a handle cusolverDnCreate made, destroyed once.
        status(unsafe { raw::cusolverDnDestroy(h as cusolverDnHandle_t) })
    }))
}

/// `count` device numbers from `ids` (at least one, none negative).
unsafe fn devices(f: &CusolverCall, count: c_int, ids: *const c_int) -> Result<Vec<c_int>, Status> {
    if ids.is_null() {
        return Err(f.null_argument("deviceId"));
    }
    let n = usize::try_from(count).ok().filter(|&n| n > 0);
    let n = n.ok_or_else(|| f.rejected(Status::CUSOLVER_STATUS_INVALID_VALUE, "no devices"))?;
    // SAFETY: the caller's array of `count` devices.
    let ids = unsafe { std::slice::from_raw_parts(ids, n) }.to_vec();
    match ids.iter().find(|&&d| d < 0) {
        Some(d) => Err(f.rejected(
            Status::CUSOLVER_STATUS_INVALID_VALUE,
            &format!("device {d}"),
        )),
        None => Ok(ids),
    }
}

/// `cusolverMgDeviceSelect`: the devices this handle solves on, each one the runtime has (none
/// without a GPU).
pub(crate) unsafe fn cusolverMgDeviceSelect(
    handle: cusolverMgHandle_t,
    nbDevices: c_int,
    deviceId: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgDeviceSelect");
    done((|| {
        let mg = HANDLES.get(&F, handle.cast())?;
        // SAFETY: the caller's array.
        let ids = unsafe { devices(&F, nbDevices, deviceId) }?;
        let mut available = 0;
        // SAFETY: a valid out-pointer; no device (an error) is none available.
        if unsafe { raw::cudaGetDeviceCount(&mut available) } as u32 != CUDA_SUCCESS {
            available = 0;
        }
        if let Some(d) = ids.iter().find(|&&d| d >= available) {
            let why = format!("no device {d} ({available} available)");
            return Err(F.rejected(Status::CUSOLVER_STATUS_INVALID_VALUE, &why));
        }
        *mg.devices.lock().unwrap_or_else(|e| e.into_inner()) = ids;
        Ok(())
    })())
}

pub(crate) unsafe fn cusolverMgCreateDeviceGrid(
    grid: *mut cudaLibMgGrid_t,
    numRowDevices: i32,
    numColDevices: i32,
    deviceId: *const i32,
    mapping: u32,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgCreateDeviceGrid");
    if grid.is_null() {
        return F.null_argument("grid");
    }
    let mappings = [
        cusolverMgGridMapping_t::CUDALIBMG_GRID_MAPPING_COL_MAJOR,
        cusolverMgGridMapping_t::CUDALIBMG_GRID_MAPPING_ROW_MAJOR,
    ];
    if !mappings.iter().any(|m| *m as u32 == mapping) {
        return F.invalid_value("cusolverMgGridMapping_t");
    }
    if numRowDevices != 1 {
        // cuSOLVERMg's layout is 1-D: one row of devices (with one row, both mappings agree).
        return F.rejected(
            Status::CUSOLVER_STATUS_INVALID_VALUE,
            "numRowDevices must be 1",
        );
    }
    // SAFETY: the caller's array.
    match unsafe { devices(&F, numColDevices, deviceId) } {
        Ok(ids) => {
            // SAFETY: checked non-NULL; the caller's.
            unsafe { grid.write(GRIDS.insert(ids)) };
            SUCCESS
        }
        Err(e) => e,
    }
}

pub(crate) unsafe fn cusolverMgDestroyGrid(grid: cudaLibMgGrid_t) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgDestroyGrid");
    done(GRIDS.remove(&F, grid).map(drop))
}

pub(crate) unsafe fn cusolverMgCreateMatrixDesc(
    desc: *mut cudaLibMgMatrixDesc_t,
    numRows: i64,
    numCols: i64,
    rowBlockSize: i64,
    colBlockSize: i64,
    dataType: u32,
    grid: cudaLibMgGrid_t,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgCreateMatrixDesc");
    if desc.is_null() {
        return F.null_argument("desc");
    }
    let devices = match GRIDS.get(&F, grid) {
        Ok(g) => g,
        Err(e) => return e,
    };
    let size = |v: i64| {
        usize::try_from(v)
            .ok()
            .filter(|&v| v > 0 && v <= c_int::MAX as usize)
    };
    let (Some(rows), Some(cols), Some(_), Some(col_block)) = (
        size(numRows),
        size(numCols),
        size(rowBlockSize),
        size(colBlockSize),
    ) else {
        return F.rejected(
            Status::CUSOLVER_STATUS_INVALID_VALUE,
            "sizes must be positive and fit an int",
        );
    };
    if element::of(dataType).is_none() {
        return F.invalid_value("cudaDataType (CUDA_R_32F, CUDA_R_64F, CUDA_C_32F or CUDA_C_64F)");
    }
    let d = Desc {
        rows,
        cols,
        col_block,
        data_type: dataType,
        devices: devices.to_vec(),
    };
    // SAFETY: checked non-NULL; the caller's.
    unsafe { desc.write(DESCS.insert(d)) };
    SUCCESS
}

pub(crate) unsafe fn cusolverMgDestroyMatrixDesc(desc: cudaLibMgMatrixDesc_t) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgDestroyMatrixDesc");
    done(DESCS.remove(&F, desc).map(drop))
}

/// A distributed operand: its descriptor, the caller's device pointers, and the sub-matrix (its
/// first row and column, 0-based, and its size).
struct Operand {
    desc: Arc<Desc>,
    locals: *mut *mut c_void,
    runs: Vec<Run>,
    first: (usize, usize),
    rows: usize,
    cols: usize,
}

impl Operand {
    /// Sub-matrix (`i`, `j`) (1-based), `rows` × `cols`, of the matrix `descr` describes, held at
    /// `locals` (NULL where only its size is asked).
    fn new(
        f: &CusolverCall,
        descr: cudaLibMgMatrixDesc_t,
        locals: *mut *mut c_void,
        (i, j): (c_int, c_int),
        (rows, cols): (c_int, c_int),
    ) -> Result<Self, Status> {
        let desc = DESCS.get(f, descr)?;
        let bad = |why: &str| f.rejected(Status::CUSOLVER_STATUS_INVALID_VALUE, why);
        let (Ok(rows), Ok(cols)) = (usize::try_from(rows), usize::try_from(cols)) else {
            return Err(bad("negative size"));
        };
        let (Some(i), Some(j)) = (
            usize::try_from(i).ok().and_then(|i| i.checked_sub(1)),
            usize::try_from(j).ok().and_then(|j| j.checked_sub(1)),
        ) else {
            return Err(bad("the first row and column count from 1"));
        };
        let runs = desc
            .runs(i, j, rows, cols)
            .ok_or_else(|| bad("the sub-matrix is outside the matrix"))?;
        Ok(Self {
            desc,
            locals,
            runs,
            first: (i, j),
            rows,
            cols,
        })
    }

    /// The caller's device pointer for each run, none NULL.
    fn local(&self, f: &CusolverCall, run: &Run) -> Result<*mut c_void, Status> {
        if self.locals.is_null() {
            return Err(f.null_argument("array_d_A"));
        }
        // SAFETY: the caller's array has one pointer per device of the grid (run.device < G).
        let p = unsafe { *self.locals.add(run.device) };
        if p.is_null() {
            return Err(f.null_argument("array_d_A[device]"));
        }
        Ok(p)
    }

    /// Copies it into (`to_packed`) or out of the packed matrix at `packed`, whose leading
    /// dimension is its row count; `size` bytes per element.
    fn copy(
        &self,
        f: &CusolverCall,
        packed: *mut u8,
        size: usize,
        to_packed: bool,
    ) -> Result<(), Status> {
        let (ld_local, ld_packed) = (self.desc.rows * size, self.rows * size);
        for run in &self.runs {
            let local = self
                .local(f, run)?
                .cast::<u8>()
                .wrapping_add(run.local * size);
            let packed = packed.wrapping_add(run.packed * size);
            let (dst, dpitch, src, spitch) = match to_packed {
                true => (packed, ld_packed, local, ld_local),
                false => (local, ld_local, packed, ld_packed),
            };
            const DEFAULT: u32 = cudaMemcpyKind::cudaMemcpyDefault as u32;
            // SAFETY: device memory the caller described; the packed matrix is in its workspace.
            let e = unsafe {
                raw::cudaMemcpy2D(
                    dst.cast(),
                    dpitch,
                    src.cast(),
                    spitch,
                    ld_packed,
                    run.columns,
                    DEFAULT,
                )
            };
            runtime(f, "cudaMemcpy2D", e)?;
        }
        Ok(())
    }
}

/// What each solver call shares: the handle, the element type, the device it solves on (the
/// first of A's grid, made current) and its dense handle there.
struct Solve {
    el: &'static Element,
    dense: cusolverDnHandle_t,
    _on: OnDevice,
}

impl Solve {
    fn new(
        f: &CusolverCall,
        handle: cusolverMgHandle_t,
        a: &Operand,
        compute_type: u32,
    ) -> Result<Self, Status> {
        let mg = HANDLES.get(f, handle.cast())?;
        let no_gpu = Status::CUSOLVER_STATUS_NOT_INITIALIZED;
        f.device_present(no_gpu, "cuSOLVERMg solves on the GPU, through hipSOLVER")?;
        let el = element::of(compute_type).ok_or_else(|| f.invalid_value("cudaDataType"))?;
        if compute_type != a.desc.data_type {
            return Err(f.rejected(
                Status::CUSOLVER_STATUS_INVALID_VALUE,
                "computeType differs from the matrix's type",
            ));
        }
        let device = a.desc.devices[0];
        if !mg
            .devices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&device)
        {
            let why = format!(
                "device {device} (the first of A's grid) was not selected (cusolverMgDeviceSelect)"
            );
            return Err(f.rejected(no_gpu, &why));
        }
        let on = OnDevice::switch(f, device)?;
        let dense = mg.dense(device)?;
        Ok(Self { el, dense, _on: on })
    }

    /// The dense solver's workspace size (elements), from its `_bufferSize` call.
    fn query(&self, size: impl FnOnce(&mut c_int) -> Status) -> Result<usize, Status> {
        let mut lwork = 0;
        status(size(&mut lwork))?;
        Ok(usize::try_from(lwork).unwrap_or(0))
    }

    /// The caller's workspace on the solving device, checked to hold `carve`.
    fn workspace(
        &self,
        f: &CusolverCall,
        work: *mut *mut c_void,
        lwork: i64,
        carve: &Carve,
    ) -> Result<*mut u8, Status> {
        if work.is_null() {
            return Err(f.null_argument("array_d_work"));
        }
        if usize::try_from(lwork).unwrap_or(0) < carve.elements {
            let why = format!(
                "lwork {lwork} is less than the {} elements needed",
                carve.elements
            );
            return Err(f.rejected(Status::CUSOLVER_STATUS_INVALID_VALUE, &why));
        }
        // SAFETY: the caller's array, one workspace per device of the grid.
        let w = unsafe { *work };
        if w.is_null() {
            return Err(f.null_argument("array_d_work[0]"));
        }
        Ok(w.cast())
    }

    /// `info` from the device to the caller's host `info`; every copy back done.
    fn finish(&self, f: &CusolverCall, d_info: *mut u8, info: *mut c_int) -> Result<(), Status> {
        const TO_HOST: u32 = cudaMemcpyKind::cudaMemcpyDeviceToHost as u32;
        // SAFETY: `info` checked non-NULL by the generated layer; `d_info` in the workspace.
        runtime(f, "cudaMemcpy", unsafe {
            raw::cudaMemcpy(info.cast(), d_info.cast(), size_of::<c_int>(), TO_HOST)
        })?;
        runtime(f, "cudaDeviceSynchronize", unsafe {
            raw::cudaDeviceSynchronize()
        })
    }
}

fn int(v: usize) -> c_int {
    v as c_int // every size comes from a descriptor, whose sizes fit an int
}

/// A distributed operand as the C API names it: descriptor, device pointers, first row and column.
type Loc = (cudaLibMgMatrixDesc_t, *mut *mut c_void, c_int, c_int);

/// The pivots of A's sub-matrix columns: a 1 × N matrix tiled as A's columns, written by `getrf`,
/// read by `getrs`.
struct Pivots {
    locals: *mut *mut c_int,
    count: usize,
    out: bool,
}

/// One solver call: its operands and what comes back, the dense solver's own workspace, and the
/// device it solves on.
struct Job {
    s: Solve,
    a: Operand,
    /// Whether A comes back (factored, inverted, eigenvectors) or is only read (getrs, potrs).
    a_out: bool,
    /// B of getrs / potrs, which comes back.
    b: Option<Operand>,
    pivots: Option<Pivots>,
    /// N eigenvalues (syevd), copied to the host.
    eigenvalues: usize,
    /// The dense solver's workspace, in elements.
    hip_lwork: usize,
}

/// The byte offsets of a job's parts in the first device's workspace, each a whole number of
/// elements, and the whole in elements.
struct Carve {
    a: usize,
    b: usize,
    ipiv: usize,
    w: usize,
    info: usize,
    work: usize,
    elements: usize,
}

/// The packed copies in the workspace, as the dense functions take them.
struct Packed {
    a: *mut c_void,
    b: *mut c_void,
    ipiv: *mut c_int,
    w: *mut c_void,
    work: *mut c_void,
    info: *mut c_int,
    lwork: c_int,
    m: c_int,
    n: c_int,
    nrhs: c_int,
    ld: c_int,
}

impl Job {
    fn new(s: Solve, a: Operand, a_out: bool) -> Self {
        Job {
            s,
            a,
            a_out,
            b: None,
            pivots: None,
            eigenvalues: 0,
            hip_lwork: 0,
        }
    }

    fn carve(&self) -> Carve {
        let el = self.s.el;
        let mut bytes = 0;
        let mut take = |n: usize| {
            let at = bytes;
            bytes += n.div_ceil(el.size) * el.size;
            at
        };
        let b_elements = self.b.as_ref().map_or(0, |b| b.rows * b.cols);
        let pivots = self.pivots.as_ref().map_or(0, |p| p.count);
        let (a, b) = (
            take(self.a.rows * self.a.cols * el.size),
            take(b_elements * el.size),
        );
        let (ipiv, w) = (
            take(pivots * size_of::<c_int>()),
            take(self.eigenvalues * el.real_size),
        );
        let (info, work) = (take(size_of::<c_int>()), take(self.hip_lwork * el.size));
        Carve {
            a,
            b,
            ipiv,
            w,
            info,
            work,
            elements: bytes / el.size,
        }
    }

    /// Gathers the operands into the workspace of the solving device, runs `solve` on the packed
    /// copies, scatters back what comes back and hands `info` to the host; the packed copies.
    fn run(
        self,
        f: &CusolverCall,
        (work, lwork, info): (*mut *mut c_void, i64, *mut c_int),
        solve: impl FnOnce(&Solve, &Packed) -> Status,
    ) -> Result<Packed, Status> {
        let c = self.carve();
        let w = self.s.workspace(f, work, lwork, &c)?;
        let at = |o: usize| w.wrapping_add(o).cast::<c_void>();
        let size = self.s.el.size;
        let pivots = match &self.pivots {
            Some(p) => Some((pivots(f, &self.a, p.locals, p.count)?, p.out)),
            None => None,
        };
        let p = Packed {
            a: at(c.a),
            b: at(c.b),
            ipiv: at(c.ipiv).cast(),
            w: at(c.w),
            work: at(c.work),
            info: at(c.info).cast(),
            lwork: int(self.hip_lwork),
            m: int(self.a.rows),
            n: int(self.a.cols),
            nrhs: int(self.b.as_ref().map_or(0, |b| b.cols)),
            ld: int(self.a.rows.max(1)),
        };
        self.a.copy(f, p.a.cast(), size, true)?;
        if let Some(b) = &self.b {
            b.copy(f, p.b.cast(), size, true)?;
        }
        if let Some((piv, false)) = &pivots {
            piv.copy(f, p.ipiv.cast(), size_of::<c_int>(), true)?;
        }
        status(solve(&self.s, &p))?;
        if self.a_out {
            self.a.copy(f, p.a.cast(), size, false)?;
        }
        if let Some(b) = &self.b {
            b.copy(f, p.b.cast(), size, false)?;
        }
        if let Some((piv, true)) = &pivots {
            piv.copy(f, p.ipiv.cast(), size_of::<c_int>(), false)?;
        }
        self.s.finish(f, p.info.cast(), info)?;
        Ok(p)
    }
}

/// The workspace size a `_bufferSize` call answers: `job`'s, written to `lwork`.
fn answer(f: &CusolverCall, lwork: *mut i64, job: Result<Job, Status>) -> Status {
    if lwork.is_null() {
        return f.null_argument("lwork");
    }
    match job {
        Ok(job) => {
            // SAFETY: checked non-NULL; the caller's.
            unsafe { lwork.write(job.carve().elements as i64) };
            SUCCESS
        }
        Err(e) => e,
    }
}

/// The pivots' operand. cuSOLVERMg's pivots are row numbers of the global matrix, the dense
/// solver's of the sub-matrix: the two agree when it starts at row 1, which is all this layer takes.
fn pivots(
    f: &CusolverCall,
    a: &Operand,
    ipiv: *mut *mut c_int,
    n: usize,
) -> Result<Operand, Status> {
    if a.first.0 != 0 {
        let why = "pivoting a sub-matrix that does not start at row 1 (IA > 1)";
        return Err(f.rejected(Status::CUSOLVER_STATUS_NOT_SUPPORTED, why));
    }
    if ipiv.is_null() {
        return Err(f.null_argument("array_d_IPIV"));
    }
    let desc = Arc::new(a.desc.pivots());
    let runs = desc
        .runs(0, a.first.1, 1, n)
        .ok_or_else(|| f.invalid_value("IPIV"))?;
    Ok(Operand {
        desc,
        locals: ipiv.cast(),
        runs,
        first: (0, a.first.1),
        rows: 1,
        cols: n,
    })
}

fn getrf_job(
    f: &CusolverCall,
    handle: cusolverMgHandle_t,
    (d, p, i, j): Loc,
    (m, n): (c_int, c_int),
    ipiv: *mut *mut c_int,
    compute_type: u32,
) -> Result<Job, Status> {
    let a = Operand::new(f, d, p, (i, j), (m, n))?;
    let s = Solve::new(f, handle, &a, compute_type)?;
    let (m, n) = (int(a.rows), int(a.cols));
    let null = std::ptr::null_mut();
    let hip_lwork =
        s.query(|lw| unsafe { (s.el.getrf_size)(s.dense, m, n, null, m.max(1), lw) })?;
    let count = a.rows.min(a.cols);
    let pivots = Some(Pivots {
        locals: ipiv,
        count,
        out: true,
    });
    Ok(Job {
        pivots,
        hip_lwork,
        ..Job::new(s, a, true)
    })
}

/// `getrs` (with its pivots) or `potrs`: A's N × N sub-matrix read, B's N × NRHS solved in place.
fn rhs_job(
    f: &CusolverCall,
    handle: cusolverMgHandle_t,
    (da, pa, ia, ja): Loc,
    (db, pb, ib, jb): Loc,
    (n, nrhs): (c_int, c_int),
    compute_type: u32,
    ipiv: Option<*mut *mut c_int>,
) -> Result<Job, Status> {
    let a = Operand::new(f, da, pa, (ia, ja), (n, n))?;
    let b = Operand::new(f, db, pb, (ib, jb), (n, nrhs))?;
    if b.desc.data_type != a.desc.data_type {
        return Err(f.rejected(
            Status::CUSOLVER_STATUS_INVALID_VALUE,
            "A and B differ in type",
        ));
    }
    let s = Solve::new(f, handle, &a, compute_type)?;
    let pivots = ipiv.map(|locals| Pivots {
        locals,
        count: a.rows,
        out: false,
    });
    Ok(Job {
        b: Some(b),
        pivots,
        ..Job::new(s, a, false)
    })
}

/// The `_bufferSize` function of a one-operand Cholesky step (`potrf`, `potri`).
type CholeskySize =
    unsafe fn(cusolverDnHandle_t, u32, c_int, *mut c_void, c_int, *mut c_int) -> Status;

/// `potrf` / `potri`: A's N × N sub-matrix factored or inverted in place.
fn cholesky_job(
    f: &CusolverCall,
    handle: cusolverMgHandle_t,
    (d, p, i, j): Loc,
    uplo: u32,
    n: c_int,
    compute_type: u32,
    size: fn(&Element) -> CholeskySize,
) -> Result<Job, Status> {
    let a = Operand::new(f, d, p, (i, j), (n, n))?;
    let s = Solve::new(f, handle, &a, compute_type)?;
    let (n, null) = (int(a.rows), std::ptr::null_mut());
    let hip_lwork = s.query(|lw| unsafe { size(s.el)(s.dense, uplo, n, null, n.max(1), lw) })?;
    Ok(Job {
        hip_lwork,
        ..Job::new(s, a, true)
    })
}

/// `syevd`: A's N × N sub-matrix's eigenvalues (the eigenvalues' type must be the compute type's
/// real type) and, with `jobz`, eigenvectors in its place.
fn syevd_job(
    f: &CusolverCall,
    handle: cusolverMgHandle_t,
    (d, p, i, j): Loc,
    (jobz, uplo): (u32, u32),
    n: c_int,
    (data_type_w, compute_type): (u32, u32),
) -> Result<Job, Status> {
    let a = Operand::new(f, d, p, (i, j), (n, n))?;
    let s = Solve::new(f, handle, &a, compute_type)?;
    if data_type_w != s.el.real_type {
        let why = "dataTypeW is not the compute type's real type";
        return Err(f.rejected(Status::CUSOLVER_STATUS_INVALID_VALUE, why));
    }
    let (n, null) = (int(a.rows), std::ptr::null_mut());
    let hip_lwork = s.query(|lw| unsafe {
        (s.el.syevd_size)(s.dense, jobz, uplo, n, null, n.max(1), null, lw)
    })?;
    let eigenvalues = a.rows;
    Ok(Job {
        eigenvalues,
        hip_lwork,
        ..Job::new(s, a, true)
    })
}

pub(crate) unsafe fn cusolverMgGetrf_bufferSize(
    handle: cusolverMgHandle_t,
    M: c_int,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_IPIV: *mut *mut c_int,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgGetrf_bufferSize");
    answer(
        &F,
        lwork,
        getrf_job(
            &F,
            handle,
            (descrA, array_d_A, IA, JA),
            (M, N),
            array_d_IPIV,
            computeType,
        ),
    )
}

pub(crate) unsafe fn cusolverMgGetrf(
    handle: cusolverMgHandle_t,
    M: c_int,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_IPIV: *mut *mut c_int,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgGetrf");
    let job = getrf_job(
        &F,
        handle,
        (descrA, array_d_A, IA, JA),
        (M, N),
        array_d_IPIV,
        computeType,
    );
    done(
        job.and_then(|job| {
            job.run(&F, (array_d_work, lwork, info), |s, p| unsafe {
                (s.el.getrf)(s.dense, p.m, p.n, p.a, p.ld, p.work, p.ipiv, p.info)
            })
        })
        .map(drop),
    )
}

pub(crate) unsafe fn cusolverMgGetrs_bufferSize(
    handle: cusolverMgHandle_t,
    _TRANS: u32,
    N: c_int,
    NRHS: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_IPIV: *mut *mut c_int,
    array_d_B: *mut *mut c_void,
    IB: c_int,
    JB: c_int,
    descrB: cudaLibMgMatrixDesc_t,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgGetrs_bufferSize");
    let (a, b) = ((descrA, array_d_A, IA, JA), (descrB, array_d_B, IB, JB));
    answer(
        &F,
        lwork,
        rhs_job(&F, handle, a, b, (N, NRHS), computeType, Some(array_d_IPIV)),
    )
}

pub(crate) unsafe fn cusolverMgGetrs(
    handle: cusolverMgHandle_t,
    TRANS: u32,
    N: c_int,
    NRHS: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_IPIV: *mut *mut c_int,
    array_d_B: *mut *mut c_void,
    IB: c_int,
    JB: c_int,
    descrB: cudaLibMgMatrixDesc_t,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgGetrs");
    let (a, b) = ((descrA, array_d_A, IA, JA), (descrB, array_d_B, IB, JB));
    let job = rhs_job(&F, handle, a, b, (N, NRHS), computeType, Some(array_d_IPIV));
    done(
        job.and_then(|job| {
            job.run(&F, (array_d_work, lwork, info), |s, p| unsafe {
                (s.el.getrs)(
                    s.dense, TRANS, p.m, p.nrhs, p.a, p.ld, p.ipiv, p.b, p.ld, p.info,
                )
            })
        })
        .map(drop),
    )
}

/// A one-operand Cholesky step (`potrf`, `potri`), in place.
type CholeskyStep = unsafe fn(
    cusolverDnHandle_t,
    u32,
    c_int,
    *mut c_void,
    c_int,
    *mut c_void,
    c_int,
    *mut c_int,
) -> Status;

/// A Cholesky step's workspace query and call, picked from the element type's functions.
type CholeskyFns = (fn(&Element) -> CholeskySize, fn(&Element) -> CholeskyStep);

/// `potrf` / `potri` run: the job `cholesky_job` makes, solved by `step`.
fn cholesky(
    f: &CusolverCall,
    handle: cusolverMgHandle_t,
    a: Loc,
    uplo: u32,
    n: c_int,
    compute_type: u32,
    work: (*mut *mut c_void, i64, *mut c_int),
    (size, step): CholeskyFns,
) -> Status {
    let job = cholesky_job(f, handle, a, uplo, n, compute_type, size);
    done(
        job.and_then(|job| {
            job.run(f, work, |s, p| unsafe {
                step(s.el)(s.dense, uplo, p.n, p.a, p.ld, p.work, p.lwork, p.info)
            })
        })
        .map(drop),
    )
}

pub(crate) unsafe fn cusolverMgPotrf_bufferSize(
    handle: cusolverMgHandle_t,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotrf_bufferSize");
    let a = (descrA, array_d_A, IA, JA);
    answer(
        &F,
        lwork,
        cholesky_job(&F, handle, a, uplo, N, computeType, |e| e.potrf_size),
    )
}

pub(crate) unsafe fn cusolverMgPotrf(
    handle: cusolverMgHandle_t,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    h_info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotrf");
    let (a, work) = ((descrA, array_d_A, IA, JA), (array_d_work, lwork, h_info));
    cholesky(
        &F,
        handle,
        a,
        uplo,
        N,
        computeType,
        work,
        (|e| e.potrf_size, |e| e.potrf),
    )
}

pub(crate) unsafe fn cusolverMgPotri_bufferSize(
    handle: cusolverMgHandle_t,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotri_bufferSize");
    let a = (descrA, array_d_A, IA, JA);
    answer(
        &F,
        lwork,
        cholesky_job(&F, handle, a, uplo, N, computeType, |e| e.potri_size),
    )
}

pub(crate) unsafe fn cusolverMgPotri(
    handle: cusolverMgHandle_t,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    h_info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotri");
    let (a, work) = ((descrA, array_d_A, IA, JA), (array_d_work, lwork, h_info));
    cholesky(
        &F,
        handle,
        a,
        uplo,
        N,
        computeType,
        work,
        (|e| e.potri_size, |e| e.potri),
    )
}

pub(crate) unsafe fn cusolverMgPotrs_bufferSize(
    handle: cusolverMgHandle_t,
    _uplo: u32,
    n: c_int,
    nrhs: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_B: *mut *mut c_void,
    IB: c_int,
    JB: c_int,
    descrB: cudaLibMgMatrixDesc_t,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotrs_bufferSize");
    let (a, b) = ((descrA, array_d_A, IA, JA), (descrB, array_d_B, IB, JB));
    answer(
        &F,
        lwork,
        rhs_job(&F, handle, a, b, (n, nrhs), computeType, None),
    )
}

pub(crate) unsafe fn cusolverMgPotrs(
    handle: cusolverMgHandle_t,
    uplo: u32,
    n: c_int,
    nrhs: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    array_d_B: *mut *mut c_void,
    IB: c_int,
    JB: c_int,
    descrB: cudaLibMgMatrixDesc_t,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    h_info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgPotrs");
    let (a, b) = ((descrA, array_d_A, IA, JA), (descrB, array_d_B, IB, JB));
    let job = rhs_job(&F, handle, a, b, (n, nrhs), computeType, None);
    done(
        job.and_then(|job| {
            job.run(&F, (array_d_work, lwork, h_info), |s, p| unsafe {
                (s.el.potrs)(s.dense, uplo, p.n, p.nrhs, p.a, p.ld, p.b, p.ld, p.info)
            })
        })
        .map(drop),
    )
}

pub(crate) unsafe fn cusolverMgSyevd_bufferSize(
    handle: cusolverMgHandle_t,
    jobz: u32,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    _W: *mut c_void,
    dataTypeW: u32,
    computeType: u32,
    lwork: *mut i64,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgSyevd_bufferSize");
    let (a, types) = ((descrA, array_d_A, IA, JA), (dataTypeW, computeType));
    answer(&F, lwork, syevd_job(&F, handle, a, (jobz, uplo), N, types))
}

pub(crate) unsafe fn cusolverMgSyevd(
    handle: cusolverMgHandle_t,
    jobz: u32,
    uplo: u32,
    N: c_int,
    array_d_A: *mut *mut c_void,
    IA: c_int,
    JA: c_int,
    descrA: cudaLibMgMatrixDesc_t,
    W: *mut c_void,
    dataTypeW: u32,
    computeType: u32,
    array_d_work: *mut *mut c_void,
    lwork: i64,
    info: *mut c_int,
) -> Status {
    const F: CusolverCall = CusolverCall::new("cusolverMgSyevd");
    if W.is_null() {
        return F.null_argument("W");
    }
    let (a, types) = ((descrA, array_d_A, IA, JA), (dataTypeW, computeType));
    let job = syevd_job(&F, handle, a, (jobz, uplo), N, types);
    let real_size = job.as_ref().map_or(0, |j| j.s.el.real_size);
    let packed = job.and_then(|job| {
        job.run(&F, (array_d_work, lwork, info), |s, p| unsafe {
            (s.el.syevd)(
                s.dense, jobz, uplo, p.n, p.a, p.ld, p.w, p.work, p.lwork, p.info,
            )
        })
    });
    done(packed.and_then(|p| {
        const TO_HOST: u32 = cudaMemcpyKind::cudaMemcpyDeviceToHost as u32;
        let bytes = p.n as usize * real_size;
        // SAFETY: `W` (checked non-NULL) holds N reals, the caller's; the device's in the workspace.
        runtime(&F, "cudaMemcpy", unsafe {
            raw::cudaMemcpy(W, p.w, bytes, TO_HOST)
        })
    }))
}
