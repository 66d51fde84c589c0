//! A streaming XLSX reader for the resident import: the first worksheet,
//! row by row, as text cells.
//!
//! - The file is opened as a zip; `xl/workbook.xml` and its relationships
//!   name the first sheet (falling back to `xl/worksheets/sheet1.xml`).
//! - `xl/sharedStrings.xml` is read into memory (one `String` plus offsets):
//!   shared-string cells point into it from anywhere in the sheet, so it
//!   cannot be streamed. Its decompressed size is capped
//!   ([`MAX_SHARED_STRINGS_BYTES`]). Files written by our template and by
//!   most tools in "constant memory" mode use inline strings and have none.
//! - The worksheet XML is streamed: a window of a few hundred kilobytes is
//!   scanned for `<row>…</row>` elements; one row at a time is decoded into
//!   cells (`t="s"` shared strings, `t="inlineStr"`, `t="str"` formula text,
//!   `t="b"` booleans, numbers as written), placed by their `r="C12"`
//!   references so sparse rows keep their columns. Nothing else of the sheet
//!   is kept, so memory stays flat whatever the number of rows.
//! - Junk is refused with one Chinese sentence ([`FileError`]): not a zip,
//!   a zip without a workbook, a row or decompressed part beyond its cap
//!   (zip bombs), malformed XML. Over-long cells are cut at
//!   [`MAX_CELL_BYTES`] (still far beyond the core's limit, whose validator
//!   then reports the cell); cells past [`MAX_COLUMNS`] are ignored.
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use memchr::memmem;
use zip::ZipArchive;

/// Decompressed size of `sharedStrings.xml` kept in memory at most.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;
/// Decompressed size of the worksheet streamed at most (about 8 million rows of the template).
pub const MAX_SHEET_BYTES: u64 = 16 << 30;
/// A part that inflates more than this many times its compressed size is a zip bomb.
pub const MAX_RATIO: u64 = 400;
/// One `<row>` element of the sheet at most.
pub const MAX_ROW_BYTES: usize = 4 << 20;
/// Cells read per row; later columns are ignored (the template has 16).
pub const MAX_COLUMNS: usize = 64;
/// Text kept per cell; longer cells are cut here (the row validator refuses
/// anything over its own, much smaller, limit).
pub const MAX_CELL_BYTES: usize = 8 * 1024;
/// Small parts (workbook, relationships) read at most.
const MAX_SMALL_PART: u64 = 4 << 20;

/// A problem of the file as a whole, in Chinese, for the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(pub String);

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FileError {}

fn not_xlsx(detail: &str) -> FileError {
    FileError(format!("文件不是有效的 Excel 工作簿（.xlsx）：{detail}。请用 Excel 或 WPS 另存为 .xlsx 格式，或下载页面提供的导入模板填写后再导入"))
}

fn bomb(part: &str) -> FileError {
    FileError(format!("文件中的「{part}」解压后过大，不像正常的 Excel 工作簿，已拒绝导入"))
}

fn io_error(e: std::io::Error) -> FileError {
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<FileError>()) {
        return inner.clone();
    }
    not_xlsx(&format!("读取压缩内容时出错（{e}）"))
}

/// A reader that fails once more than `left` bytes came out of `inner`.
struct Capped<R> {
    inner: R,
    left: u64,
    part: &'static str,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(bomb(self.part)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn cap_for(compressed: u64, max: u64) -> u64 {
    max.min((compressed.saturating_mul(MAX_RATIO)).max(16 << 20))
}

/// Shared strings: one buffer and the end offset of each string.
#[derive(Debug, Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
}

/// An opened workbook: the zip, its shared strings and the first sheet's name.
pub struct Workbook {
    archive: ZipArchive<BufReader<File>>,
    shared: SharedStrings,
    sheet: String,
}

/// One row of the sheet: its 1-based row number and its cells from column A.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub number: usize,
    pub cells: Vec<String>,
}

impl SheetRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

fn read_small(archive: &mut ZipArchive<BufReader<File>>, name: &str) -> Result<Option<String>, FileError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(not_xlsx(&format!("无法读取「{name}」（{e}）"))),
    };
    let mut out = Vec::new();
    Capped { inner: file, left: MAX_SMALL_PART, part: "工作簿结构" }.read_to_end(&mut out).map_err(io_error)?;
    String::from_utf8(out).map(Some).map_err(|_| not_xlsx(&format!("「{name}」不是 UTF-8 文本")))
}

/// Opens the file and reads what must be in memory (the shared strings).
pub fn open(path: &Path) -> Result<Workbook, FileError> {
    let file = File::open(path).map_err(|e| FileError(format!("无法打开上传的文件（{e}）")))?;
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|_| not_xlsx("不是 zip 压缩格式"))?;
    let workbook = read_small(&mut archive, "xl/workbook.xml")?.ok_or_else(|| not_xlsx("缺少工作簿（xl/workbook.xml）"))?;
    let sheet = first_sheet_path(&workbook, read_small(&mut archive, "xl/_rels/workbook.xml.rels")?.as_deref())
        .filter(|p| archive.index_for_name(p).is_some())
        .or_else(|| archive.index_for_name("xl/worksheets/sheet1.xml").map(|_| "xl/worksheets/sheet1.xml".to_string()))
        .ok_or_else(|| not_xlsx("工作簿中没有工作表"))?;
    let shared = read_shared_strings(&mut archive)?;
    Ok(Workbook { archive, shared, sheet })
}

/// The first `<sheet>` of workbook.xml, resolved through its relationship.
fn first_sheet_path(workbook: &str, rels: Option<&str>) -> Option<String> {
    let at = memmem::find(workbook.as_bytes(), b"<sheet ").or_else(|| find_prefixed(workbook.as_bytes(), b"sheet "))?;
    let tag_end = workbook[at..].find('>')? + at;
    let tag = &workbook[at..tag_end];
    let rid = attributes(tag.as_bytes()).find(|(k, _)| k.ends_with(b":id") || *k == b"id").map(|(_, v)| String::from_utf8_lossy(v).to_string())?;
    let rels = rels?;
    let mut rest = rels;
    while let Some(i) = rest.find("<Relationship ") {
        let end = rest[i..].find('>')? + i;
        let tag = &rest[i..end];
        let attrs: Vec<_> = attributes(tag.as_bytes()).collect();
        if attrs.iter().any(|(k, v)| *k == b"Id" && *v == rid.as_bytes()) {
            let target = attrs.iter().find(|(k, _)| *k == b"Target").map(|(_, v)| String::from_utf8_lossy(v).to_string())?;
            return Some(match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            });
        }
        rest = &rest[end..];
    }
    None
}

/// `<x:name` anywhere (a namespace prefix before the local name).
fn find_prefixed(hay: &[u8], local: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memmem::find(&hay[from..], local) {
        let at = from + i;
        if at >= 2 && hay[at - 1] == b':' {
            let mut s = at - 1;
            while s > 0 && hay[s - 1].is_ascii_alphanumeric() {
                s -= 1;
            }
            if s > 0 && hay[s - 1] == b'<' {
                return Some(s - 1);
            }
        }
        from = at + 1;
    }
    None
}

fn read_shared_strings(archive: &mut ZipArchive<BufReader<File>>) -> Result<SharedStrings, FileError> {
    let file = match archive.by_name("xl/sharedStrings.xml") {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(SharedStrings::default()),
        Err(e) => return Err(not_xlsx(&format!("无法读取共享字符串（{e}）"))),
    };
    let cap = cap_for(file.compressed_size(), MAX_SHARED_STRINGS_BYTES);
    let mut xml = Vec::new();
    Capped { inner: file, left: cap, part: "共享字符串" }.read_to_end(&mut xml).map_err(io_error)?;
    let mut shared = SharedStrings::default();
    let prefix = element_prefix(&xml, b"sst");
    let si_open = [b"<", prefix.as_slice(), b"si"].concat();
    let si_close = [b"</", prefix.as_slice(), b"si>"].concat();
    let mut pos = 0;
    let mut cell = String::new();
    while let Some(i) = memmem::find(&xml[pos..], &si_open) {
        let start = pos + i;
        let after = start + si_open.len();
        // `<si>` or `<si/>`, not `<sign…>`.
        match xml.get(after) {
            Some(b'>') | Some(b' ') => {}
            Some(b'/') => {
                shared.ends.push(shared.text.len() as u32);
                pos = after;
                continue;
            }
            _ => {
                pos = after;
                continue;
            }
        }
        let end = memmem::find(&xml[after..], &si_close).map(|j| after + j).ok_or_else(|| not_xlsx("共享字符串不完整"))?;
        cell.clear();
        collect_text(&xml[after..end], &prefix, &mut cell)?;
        if shared.text.len() + cell.len() > u32::MAX as usize {
            return Err(bomb("共享字符串"));
        }
        shared.text.push_str(&cell);
        shared.ends.push(shared.text.len() as u32);
        pos = end + si_close.len();
    }
    shared.text.shrink_to_fit();
    shared.ends.shrink_to_fit();
    Ok(shared)
}

/// The namespace prefix (with its colon) used by element `local`, e.g. `x:`.
fn element_prefix(xml: &[u8], local: &[u8]) -> Vec<u8> {
    let plain = [b"<", local].concat();
    let mut from = 0;
    while let Some(i) = memmem::find(&xml[from..], &plain) {
        let at = from + i + plain.len();
        if matches!(xml.get(at), Some(b' ' | b'>' | b'/' | b'\r' | b'\n' | b'\t')) {
            return Vec::new();
        }
        from = at;
    }
    if let Some(at) = find_prefixed(xml, local) {
        let colon = xml[at..].iter().position(|b| *b == b':').unwrap_or(0);
        return xml[at + 1..=at + colon].to_vec();
    }
    Vec::new()
}

/// Appends the text of every `<t>` inside `xml` (rich-text runs included,
/// phonetic `<rPh>` runs left out), decoding entities.
fn collect_text(xml: &[u8], prefix: &[u8], out: &mut String) -> Result<(), FileError> {
    let t_open = [b"<", prefix, b"t"].concat();
    let t_close = [b"</", prefix, b"t>"].concat();
    let rph = [b"<", prefix, b"rPh"].concat();
    let rph_close = [b"</", prefix, b"rPh>"].concat();
    let mut pos = 0;
    while let Some(i) = memmem::find(&xml[pos..], &t_open) {
        let start = pos + i;
        // Skip phonetic runs (furigana) wholesale.
        if let Some(r) = memmem::find(&xml[pos..start], &rph) {
            let r = pos + r;
            pos = memmem::find(&xml[r..], &rph_close).map(|j| r + j + rph_close.len()).unwrap_or(xml.len());
            continue;
        }
        let after = start + t_open.len();
        match xml.get(after) {
            Some(b'>') | Some(b' ') => {}
            Some(b'/') => {
                pos = after;
                continue;
            }
            _ => {
                pos = after;
                continue;
            }
        }
        let gt = memchr::memchr(b'>', &xml[after..]).map(|j| after + j).ok_or_else(|| not_xlsx("单元格文本不完整"))?;
        if xml[gt - 1] == b'/' {
            pos = gt + 1;
            continue;
        }
        let end = memmem::find(&xml[gt + 1..], &t_close).map(|j| gt + 1 + j).ok_or_else(|| not_xlsx("单元格文本不完整"))?;
        decode_into(&xml[gt + 1..end], out)?;
        pos = end + t_close.len();
    }
    Ok(())
}

/// XML text → `out`, with the five named entities and character references;
/// `_xHHHH_` escapes of Excel are decoded too.
fn decode_into(raw: &[u8], out: &mut String) -> Result<(), FileError> {
    let text = std::str::from_utf8(raw).map_err(|_| not_xlsx("单元格内容不是 UTF-8 文本"))?;
    if !text.contains('&') && !text.contains("_x") {
        out.push_str(text);
        return Ok(());
    }
    let mut rest = text;
    while let Some(i) = rest.find(['&', '_']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('_') {
            // _x000D_ style escapes (Excel's for control characters).
            if rest.len() >= 7 && rest.as_bytes()[1] == b'x' && rest.as_bytes()[6] == b'_' && rest[2..6].bytes().all(|b| b.is_ascii_hexdigit()) {
                if let Some(c) = u32::from_str_radix(&rest[2..6], 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
                rest = &rest[7..];
            } else {
                out.push('_');
                rest = &rest[1..];
            }
            continue;
        }
        let semi = rest.find(';').ok_or_else(|| not_xlsx("单元格内容中的转义字符不完整"))?;
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse::<u32>().ok().and_then(char::from_u32),
            _ => None,
        };
        out.push(c.ok_or_else(|| not_xlsx("单元格内容中有无法识别的转义字符"))?);
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// `key="value"` pairs of one start tag (`<name a="1" b='2'`).
fn attributes(tag: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut pos = tag.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(tag.len());
    std::iter::from_fn(move || {
        while pos < tag.len() && tag[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let eq = pos + tag[pos..].iter().position(|b| *b == b'=')?;
        let key = trim(&tag[pos..eq]);
        let q = eq + 1 + tag[eq + 1..].iter().position(|b| *b == b'"' || *b == b'\'')?;
        let quote = tag[q];
        let end = q + 1 + tag[q + 1..].iter().position(|b| *b == quote)?;
        pos = end + 1;
        Some((key, &tag[q + 1..end]))
    })
}

fn trim(s: &[u8]) -> &[u8] {
    let a = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    let b = s.iter().rposition(|b| !b.is_ascii_whitespace()).map(|i| i + 1).unwrap_or(a);
    &s[a..b]
}

/// `C12` → column index 2 (A = 0); `None` without letters.
fn column_of(reference: &[u8]) -> Option<usize> {
    let mut col = 0usize;
    let mut letters = 0;
    for b in reference {
        match b {
            b'A'..=b'Z' => col = col * 26 + (b - b'A' + 1) as usize,
            b'a'..=b'z' => col = col * 26 + (b - b'a' + 1) as usize,
            _ => break,
        }
        letters += 1;
        if letters > 3 {
            return None;
        }
    }
    (letters > 0).then(|| col - 1)
}

impl Workbook {
    /// The first worksheet's size once inflated (from the zip directory; a hint of the row count).
    pub fn sheet_bytes(&mut self) -> u64 {
        self.archive.by_name(&self.sheet).map(|f| f.size()).unwrap_or(0)
    }

    /// Streams the first worksheet. Call once.
    pub fn rows(&mut self) -> Result<Rows<'_>, FileError> {
        let file = self.archive.by_name(&self.sheet).map_err(|e| not_xlsx(&format!("无法读取工作表（{e}）")))?;
        let cap = cap_for(file.compressed_size(), MAX_SHEET_BYTES);
        let mut rows = Rows {
            src: Box::new(Capped { inner: file, left: cap, part: "工作表" }),
            shared: &self.shared,
            buf: Vec::with_capacity(512 * 1024),
            pos: 0,
            eof: false,
            prefix: Vec::new(),
            row_open: Vec::new(),
            row_close: Vec::new(),
            last_row: 0,
            text: String::new(),
        };
        rows.start()?;
        Ok(rows)
    }
}

/// The rows of one worksheet, decoded one at a time.
pub struct Rows<'a> {
    src: Box<dyn Read + 'a>,
    shared: &'a SharedStrings,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    prefix: Vec<u8>,
    row_open: Vec<u8>,
    row_close: Vec<u8>,
    last_row: usize,
    text: String,
}

const CHUNK: usize = 256 * 1024;

impl Rows<'_> {
    /// Reads more of the sheet into the window; `false` at the end.
    fn fill(&mut self) -> Result<bool, FileError> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self.src.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_error(e)),
            }
        };
        self.buf.truncate(old + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// Finds `<sheetData` and the namespace prefix the sheet uses.
    fn start(&mut self) -> Result<(), FileError> {
        loop {
            let window = &self.buf[self.pos..];
            if let Some(i) = memmem::find(window, b"sheetData") {
                let at = self.pos + i;
                // The prefix: between '<' and "sheetData".
                let lt = self.buf[..at].iter().rposition(|b| *b == b'<').ok_or_else(|| not_xlsx("工作表结构有误"))?;
                self.prefix = self.buf[lt + 1..at].to_vec();
                if self.prefix.iter().any(|b| !(b.is_ascii_alphanumeric() || *b == b':')) || self.prefix.first() == Some(&b'/') {
                    return Err(not_xlsx("工作表结构有误"));
                }
                self.row_open = [b"<", self.prefix.as_slice(), b"row"].concat();
                self.row_close = [b"</", self.prefix.as_slice(), b"row>"].concat();
                self.pos = at;
                return Ok(());
            }
            if self.buf.len() - self.pos > MAX_ROW_BYTES {
                return Err(not_xlsx("工作表中找不到数据区（sheetData）"));
            }
            // Keep a tail in case the word straddles the boundary.
            self.pos = self.buf.len().saturating_sub(16).max(self.pos);
            if !self.fill()? {
                return Err(not_xlsx("工作表中找不到数据区（sheetData）"));
            }
        }
    }

    /// The next row (blank rows in between are not returned), or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<SheetRow>, FileError> {
        let mut row = SheetRow::default();
        Ok(self.next_into(&mut row)?.then_some(row))
    }

    /// As [`Rows::next_row`], reusing `row`'s allocations; `false` at the end.
    pub fn next_into(&mut self, row: &mut SheetRow) -> Result<bool, FileError> {
        loop {
            let Some(i) = memmem::find(&self.buf[self.pos..], &self.row_open) else {
                // Keep a tail that may hold the start of the next tag.
                self.pos = self.buf.len().saturating_sub(self.row_open.len()).max(self.pos);
                if !self.fill()? {
                    return Ok(false);
                }
                continue;
            };
            let open = self.pos + i;
            let after = open + self.row_open.len();
            if after >= self.buf.len() {
                self.pos = open;
                if !self.fill()? {
                    return Ok(false);
                }
                continue;
            }
            if !matches!(self.buf[after], b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n') {
                self.pos = after;
                continue;
            }
            let complete = memchr::memchr(b'>', &self.buf[after..]).map(|j| after + j).and_then(|gt| {
                if self.buf[gt - 1] == b'/' {
                    Some((gt, gt + 1, gt + 1))
                } else {
                    memmem::find(&self.buf[gt..], &self.row_close).map(|j| (gt, gt + j, gt + j + self.row_close.len()))
                }
            });
            let Some((tag_end, body_end, next)) = complete else {
                if self.buf.len() - open > MAX_ROW_BYTES {
                    return Err(FileError(format!(
                        "第 {} 行的内容超过 {} MB，不像正常的居民信息表，已拒绝导入",
                        self.last_row + 1,
                        MAX_ROW_BYTES >> 20
                    )));
                }
                // Read more and look again from this row's start.
                self.pos = open;
                if !self.fill()? {
                    return Err(not_xlsx("工作表在行中间结束，文件可能已损坏"));
                }
                continue;
            };
            let number = attributes(&self.buf[open..tag_end])
                .find(|(k, _)| *k == b"r")
                .and_then(|(_, v)| std::str::from_utf8(v).ok()?.parse::<usize>().ok())
                .unwrap_or(self.last_row + 1);
            self.last_row = number;
            row.number = number;
            row.cells.clear();
            self.decode_cells(tag_end + 1..body_end, row)?;
            self.pos = next;
            return Ok(true);
        }
    }

    fn decode_cells(&mut self, body: std::ops::Range<usize>, row: &mut SheetRow) -> Result<(), FileError> {
        let xml = &self.buf[body];
        let prefix = self.prefix.as_slice();
        let c_open = [b"<", prefix, b"c"].concat();
        let c_close = [b"</", prefix, b"c>"].concat();
        let v_open = [b"<", prefix, b"v"].concat();
        let v_close = [b"</", prefix, b"v>"].concat();
        let mut pos = 0;
        let mut next_col = 0usize;
        while let Some(i) = memmem::find(&xml[pos..], &c_open) {
            let start = pos + i;
            let after = start + c_open.len();
            if !matches!(xml.get(after), Some(b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n')) {
                pos = after;
                continue;
            }
            let gt = memchr::memchr(b'>', &xml[after..]).map(|j| after + j).ok_or_else(|| not_xlsx("单元格结构有误"))?;
            let tag = &xml[start..gt];
            let mut col = None;
            let mut kind: &[u8] = b"n";
            for (k, v) in attributes(tag) {
                match k {
                    b"r" => col = column_of(v),
                    b"t" => kind = v,
                    _ => {}
                }
            }
            let col = col.unwrap_or(next_col);
            next_col = col + 1;
            let (inner, next) = if xml[gt - 1] == b'/' {
                (&xml[gt..gt], gt + 1)
            } else {
                let end = memmem::find(&xml[gt..], &c_close).map(|j| gt + j).ok_or_else(|| not_xlsx("单元格结构有误"))?;
                (&xml[gt + 1..end], end + c_close.len())
            };
            pos = next;
            if col >= MAX_COLUMNS {
                continue;
            }
            self.text.clear();
            let value = |text: &mut String| -> Result<(), FileError> {
                if let Some(vs) = memmem::find(inner, &v_open) {
                    let vgt = memchr::memchr(b'>', &inner[vs..]).map(|j| vs + j).ok_or_else(|| not_xlsx("单元格结构有误"))?;
                    if inner[vgt - 1] == b'/' {
                        return Ok(());
                    }
                    let ve = memmem::find(&inner[vgt..], &v_close).map(|j| vgt + j).ok_or_else(|| not_xlsx("单元格结构有误"))?;
                    decode_into(&inner[vgt + 1..ve], text)?;
                }
                Ok(())
            };
            match kind {
                b"s" => {
                    let mut idx = String::new();
                    value(&mut idx)?;
                    let i: usize = idx.trim().parse().map_err(|_| not_xlsx("共享字符串编号有误"))?;
                    let s = self.shared.get(i).ok_or_else(|| not_xlsx("单元格引用了不存在的共享字符串"))?;
                    self.text.push_str(s);
                }
                b"inlineStr" => collect_text(inner, prefix, &mut self.text)?,
                b"b" => {
                    let mut v = String::new();
                    value(&mut v)?;
                    self.text.push_str(if v.trim() == "1" { "TRUE" } else { "FALSE" });
                }
                _ => value(&mut self.text)?,
            }
            if self.text.len() > MAX_CELL_BYTES {
                let mut cut = MAX_CELL_BYTES;
                while !self.text.is_char_boundary(cut) {
                    cut -= 1;
                }
                self.text.truncate(cut);
            }
            if row.cells.len() <= col {
                row.cells.resize(col + 1, String::new());
            }
            row.cells[col].clear();
            row.cells[col].push_str(&self.text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook as Xw;

    fn all_rows(path: &Path) -> Result<Vec<SheetRow>, FileError> {
        let mut wb = open(path)?;
        let mut rows = wb.rows()?;
        let mut out = Vec::new();
        while let Some(r) = rows.next_row()? {
            out.push(r);
        }
        Ok(out)
    }

    #[test]
    fn reads_shared_inline_numbers_booleans_and_sparse_cells() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        let mut wb = Xw::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "序号").unwrap();
        ws.write_string(0, 1, "姓名 & <名>").unwrap();
        ws.write_number(1, 0, 1).unwrap();
        ws.write_string(1, 2, "44020319700101001X").unwrap();
        ws.write_boolean(1, 3, true).unwrap();
        ws.write_number(3, 1, 2.5).unwrap();
        wb.save(&p).unwrap();
        let rows = all_rows(&p).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].number, 1);
        assert_eq!(rows[0].cells, vec!["序号", "姓名 & <名>"]);
        assert_eq!(rows[1].cells, vec!["1", "", "44020319700101001X", "TRUE"]);
        assert_eq!(rows[2].number, 4);
        assert_eq!(rows[2].cells, vec!["", "2.5"]);
    }

    #[test]
    fn constant_memory_workbooks_use_inline_strings() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.xlsx");
        let mut wb = Xw::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        for r in 0..5000u32 {
            ws.write_string(r, 0, format!("行{r}")).unwrap();
            ws.write_string(r, 15, "备注 \"引号\"").unwrap();
        }
        wb.save(&p).unwrap();
        let rows = all_rows(&p).unwrap();
        assert_eq!(rows.len(), 5000);
        assert_eq!(rows[4999].number, 5000);
        assert_eq!(rows[4999].cells[0], "行4999");
        assert_eq!(rows[4999].cells[15], "备注 \"引号\"");
        assert_eq!(rows[10].cells.len(), 16);
    }

    #[test]
    fn long_cells_are_cut_not_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.xlsx");
        let mut wb = Xw::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "甲".repeat(20_000)).unwrap();
        wb.save(&p).unwrap();
        let rows = all_rows(&p).unwrap();
        assert!(rows[0].cells[0].len() <= MAX_CELL_BYTES && rows[0].cells[0].chars().count() > 1000);
    }

    #[test]
    fn junk_is_one_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("junk.xlsx");
        std::fs::write(&p, b"not a zip at all, just text").unwrap();
        let e = open(&p).err().unwrap();
        assert!(e.0.contains("不是有效的 Excel 工作簿"), "{e}");
        // A zip that is not a workbook.
        let z = dir.path().join("other.zip");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&z).unwrap());
        w.start_file("readme.txt", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, b"hello").unwrap();
        w.finish().unwrap();
        let e = open(&z).err().unwrap();
        assert!(e.0.contains("缺少工作簿"), "{e}");
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bomb.xlsx");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/workbook.xml", o).unwrap();
        std::io::Write::write_all(&mut w, br#"<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#).unwrap();
        w.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        std::io::Write::write_all(&mut w, b"<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>").unwrap();
        let zeros = vec![b'a'; 1 << 20];
        for _ in 0..40 {
            std::io::Write::write_all(&mut w, &zeros).unwrap();
        }
        std::io::Write::write_all(&mut w, b"</t></is></c></row></sheetData></worksheet>").unwrap();
        w.finish().unwrap();
        assert!(std::fs::metadata(&p).unwrap().len() < 1 << 20);
        let mut wb = open(&p).unwrap();
        let mut rows = wb.rows().unwrap();
        let e = rows.next_row().err().unwrap();
        assert!(e.0.contains("过大") || e.0.contains("超过"), "{e}");
    }

    #[test]
    fn prefixed_sheets_and_entities() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.xlsx");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("xl/workbook.xml", o).unwrap();
        std::io::Write::write_all(&mut w, br#"<x:workbook><x:sheets><x:sheet name="a" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>"#).unwrap();
        w.start_file("xl/_rels/workbook.xml.rels", o).unwrap();
        std::io::Write::write_all(&mut w, br#"<Relationships><Relationship Id="rId7" Type="ws" Target="worksheets/data.xml"/></Relationships>"#).unwrap();
        w.start_file("xl/worksheets/data.xml", o).unwrap();
        std::io::Write::write_all(
            &mut w,
            "<x:worksheet><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>A&amp;B&#x4E00;_x000A_</x:t></x:is></x:c><x:c r=\"D2\"><x:v>7</x:v></x:c></x:row><x:row/></x:sheetData></x:worksheet>"
                .as_bytes(),
        )
        .unwrap();
        w.finish().unwrap();
        let rows = all_rows(&p).unwrap();
        assert_eq!(rows[0].number, 2);
        assert_eq!(rows[0].cells, vec!["", "A&B一\n", "", "7"]);
        assert_eq!(rows[1].number, 3);
        assert!(rows[1].is_blank());
    }
}
