//! How many cells an old-style `.xls` would make calamine hold, found before calamine reads
//! it: calamine reads every sheet of an `.xls` at once, each into a grid as large as the
//! rectangle around its cells, so a 6 KB file with a cell at A1 and one at IV65536 on a few
//! sheets takes gigabytes. This reads the file's container (the Compound File Binary format:
//! sectors, their allocation table, the directory) far enough to find the `Workbook` stream,
//! then walks its records and takes the rectangle of each sheet's cells.
//!
//! Anything it does not understand is left to calamine (which says the file is damaged): this
//! only ever refuses a file whose cells it has found.

/// The cell records calamine keeps (NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, MULRK,
/// FORMULA); each starts with its row and column (MULRK: its first column, its last at the
/// end). Blank cells (BLANK, MULBLANK) make no cell.
const CELLS: [u16; 8] = [
    0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x00BD, 0x0006,
];

/// The cells (rectangle areas, all sheets together) an `.xls` would be spread over, and the
/// widest column used; `None` when the file cannot be walked this far.
pub(crate) fn spelled_out(bytes: &[u8]) -> Option<(u64, usize)> {
    let stream = workbook_stream(bytes)?;
    let (mut total, mut widest) = (0u64, 0usize);
    let mut depth = 0usize;
    // The rectangle of the current sheet: rows and columns, lowest and highest.
    let mut rect: Option<(u32, u32, u32, u32)> = None;
    let add = |rect: &mut Option<(u32, u32, u32, u32)>, row: u32, col: u32| {
        *rect = Some(match *rect {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    let mut i = 0usize;
    while i + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[i], stream[i + 1]]);
        let len = u16::from_le_bytes([stream[i + 2], stream[i + 3]]) as usize;
        let data = stream.get(i + 4..i + 4 + len)?;
        i += 4 + len;
        match kind {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    rect = None;
                }
            }
            0x000A => {
                if depth == 1
                    && let Some((r0, r1, c0, c1)) = rect.take()
                {
                    let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
                    total = total.saturating_add(area);
                    widest = widest.max(c1 as usize + 1);
                }
                depth = depth.saturating_sub(1);
            }
            k if CELLS.contains(&k) && data.len() >= 4 => {
                let row = u32::from(u16::from_le_bytes([data[0], data[1]]));
                let col = u32::from(u16::from_le_bytes([data[2], data[3]]));
                add(&mut rect, row, col);
                if k == 0x00BD && data.len() >= 6 {
                    let last = u16::from_le_bytes([data[len - 2], data[len - 1]]);
                    add(&mut rect, row, u32::from(last));
                }
            }
            _ => {}
        }
    }
    Some((total, widest))
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// Ends a chain of sectors (and marks free or special ones).
const END: u32 = 0xFFFF_FFFA;

/// The bytes of the `Workbook` (BIFF8) or `Book` (BIFF5) stream.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u32::from(u16_at(bytes, 0x1E)?);
    let mini_shift = u32::from(u16_at(bytes, 0x20)?);
    if !(shift == 9 || shift == 12) || mini_shift != 6 {
        return None;
    }
    let size = 1usize << shift;
    let sectors = bytes.len() / size;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize + 1).checked_mul(size)?;
        bytes.get(start..start + size)
    };
    // The allocation table: its sectors are listed in the header, then in a chain of
    // DIFAT sectors.
    let mut fat_sectors = Vec::new();
    for k in 0..109 {
        let n = u32_at(bytes, 0x4C + 4 * k)?;
        if n < END {
            fat_sectors.push(n);
        }
    }
    let mut difat = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while difat < END && hops <= sectors {
        let s = sector(difat)?;
        for k in 0..size / 4 - 1 {
            let n = u32_at(s, 4 * k)?;
            if n < END {
                fat_sectors.push(n);
            }
        }
        difat = u32_at(s, size - 4)?;
        hops += 1;
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * size / 4);
    for n in fat_sectors.into_iter().take(sectors + 1) {
        let s = sector(n)?;
        fat.extend((0..size / 4).filter_map(|k| u32_at(s, 4 * k)));
    }
    let chain = |first: u32, table: &[u32], read: &dyn Fn(u32) -> Option<Vec<u8>>| {
        let mut out = Vec::new();
        let mut n = first;
        let mut hops = 0;
        while n < END && hops <= table.len() {
            out.extend(read(n)?);
            n = *table.get(n as usize)?;
            hops += 1;
        }
        Some(out)
    };
    let read_sector = |n: u32| sector(n).map(<[u8]>::to_vec);
    let directory = chain(u32_at(bytes, 0x30)?, &fat, &read_sector)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let name = |e: &[u8]| -> String {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let root = entries.first()?;
    let book = entries
        .iter()
        .find(|e| e[0x42] == 2 && matches!(name(e).as_str(), "Workbook" | "Book"))?;
    let start = u32_at(book, 0x74)?;
    let len = u32_at(book, 0x78)? as usize;
    let cutoff = u32_at(bytes, 0x38)? as usize;
    let mut data = if len >= cutoff {
        chain(start, &fat, &read_sector)?
    } else {
        // A small stream lives in the mini stream, in 64-byte pieces with a table of their own.
        let mini_stream = chain(u32_at(root, 0x74)?, &fat, &read_sector)?;
        let mini_fat_bytes = chain(u32_at(bytes, 0x3C)?, &fat, &read_sector)?;
        let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
            .filter_map(|k| u32_at(&mini_fat_bytes, 4 * k))
            .collect();
        let read_mini = |n: u32| {
            let at = (n as usize).checked_mul(64)?;
            mini_stream.get(at..at + 64).map(<[u8]>::to_vec)
        };
        chain(start, &mini_fat, &read_mini)?
    };
    data.truncate(len);
    Some(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_containers_are_left_to_calamine() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert_eq!(spelled_out(&bytes), None);
        bytes.resize(512, 0);
        bytes[0x1E] = 9;
        bytes[0x20] = 6;
        // Every sector pointer at sector 0, which points at itself: loops end, nothing found.
        bytes.resize(4096, 0);
        assert_eq!(spelled_out(&bytes), None);
        for cut in [0, 7, 100, 511, 600] {
            let _ = spelled_out(&bytes[..cut]);
        }
    }
}
