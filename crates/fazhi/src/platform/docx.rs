//! Word documents in the official-document layout (GB/T 9704-2012 党政机关公文格式):
//! A4, margins 37/35/28/26 mm, title in 小标宋 二号, body in 仿宋_GB2312 三号 with
//! 22 lines a page, headings 一、 in 黑体 and （一） in 楷体, page numbers "— 1 —".
//! A small builder over a hand-written WordprocessingML package: answer letters
//! (告知书), minutes and reports all go through it.
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use crate::error::{AppError, AppResult};

#[derive(Debug, Clone)]
pub enum Block {
    /// Document title, centred.
    Title(String),
    /// Centred line under the title (e.g. 文号, date).
    Subtitle(String),
    /// 一、… (黑体).
    Heading1(String),
    /// （一）… (楷体).
    Heading2(String),
    /// Body paragraph with a two-character first-line indent.
    Para(String),
    /// Body paragraph without indent (salutations: "张三：").
    Plain(String),
    /// Right-aligned (signature, date).
    Right(String),
    /// A table: header row then rows; text in 仿宋 小四.
    Table { header: Vec<String>, rows: Vec<Vec<String>> },
    PageBreak,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const FANGSONG: &str = "仿宋_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";

fn run(text: &str, font: &str, half_points: u32, bold: bool) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    // Line breaks inside a block become <w:br/>.
    let body = text.split('\n').map(|l| format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(l))).collect::<Vec<_>>().join("<w:br/>");
    format!(
        "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\"/>{b}<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/></w:rPr>{body}</w:r>"
    )
}

/// Exact line spacing of 28.95 pt gives the standard 22 lines on the type area.
const LINE: &str = "<w:spacing w:line=\"579\" w:lineRule=\"exact\" w:before=\"0\" w:after=\"0\"/>";

fn para(text: &str, font: &str, size: u32, jc: &str, indent: bool, bold: bool) -> String {
    let ind = if indent { "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>" } else { "" };
    format!("<w:p><w:pPr>{LINE}{ind}<w:jc w:val=\"{jc}\"/></w:pPr>{}</w:p>", run(text, font, size, bold))
}

fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let cols = header.len().max(rows.iter().map(|r| r.len()).max().unwrap_or(0)).max(1);
    let width = 8845 / cols as u32; // type area 156 mm in twips, shared equally
    let cell = |t: &str, bold: bool| {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr>{}</w:p></w:tc>",
            run(t, FANGSONG, 24, bold)
        )
    };
    let mut x = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/>\
         <w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>\
         </w:tblBorders></w:tblPr><w:tblGrid>",
    );
    for _ in 0..cols {
        x.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    x.push_str("</w:tblGrid>");
    if !header.is_empty() {
        x.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for h in header {
            x.push_str(&cell(h, true));
        }
        x.push_str("</w:tr>");
    }
    for r in rows {
        x.push_str("<w:tr>");
        for i in 0..cols {
            x.push_str(&cell(r.get(i).map(String::as_str).unwrap_or(""), false));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl><w:p/>");
    x
}

impl Doc {
    pub fn new() -> Doc {
        Doc::default()
    }

    pub fn push(&mut self, b: Block) -> &mut Doc {
        self.blocks.push(b);
        self
    }

    fn body_xml(&self) -> String {
        let mut x = String::new();
        for b in &self.blocks {
            x.push_str(&match b {
                Block::Title(t) => para(t, XIAOBIAOSONG, 44, "center", false, false),
                Block::Subtitle(t) => para(t, FANGSONG, 32, "center", false, false),
                Block::Heading1(t) => para(t, HEITI, 32, "left", true, false),
                Block::Heading2(t) => para(t, KAITI, 32, "left", true, false),
                Block::Para(t) => para(t, FANGSONG, 32, "both", true, false),
                Block::Plain(t) => para(t, FANGSONG, 32, "left", false, false),
                Block::Right(t) => para(t, FANGSONG, 32, "right", false, false),
                Block::Table { header, rows } => table(header, rows),
                Block::PageBreak => "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>".to_string(),
            });
        }
        x
    }

    /// The .docx bytes.
    pub fn to_bytes(&self) -> AppResult<Vec<u8>> {
        let ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {ns}><w:body>{}\
             <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
             <w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
             <w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"0\"/></w:sectPr></w:body></w:document>",
            self.body_xml()
        );
        let footer = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:ftr {ns}><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>\
             {dash}<w:r><w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"28\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>\
             <w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{dash2}</w:p></w:ftr>",
            dash = run("— ", "宋体", 28, false),
            dash2 = run(" —", "宋体", 28, false)
        );
        let files: [(&str, String); 5] = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
                 <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/></Types>"
                    .into(),
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
                    .into(),
            ),
            (
                "word/_rels/document.xml.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>"
                    .into(),
            ),
            ("word/document.xml", document),
            ("word/footer1.xml", footer),
        ];
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in files {
                z.start_file(name, opts).map_err(AppError::internal)?;
                z.write_all(body.as_bytes()).map_err(AppError::internal)?;
            }
            z.finish().map_err(AppError::internal)?;
        }
        Ok(buf.into_inner())
    }
}

/// The HTTP answer for a generated document.
pub fn docx_response(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"document.docx\"; filename*=UTF-8''{}", crate::platform::listing::enc(name))),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn builds_a_valid_package_with_escaped_text() {
        let mut d = Doc::new();
        d.push(Block::Title("政府信息公开申请答复告知书".into()))
            .push(Block::Plain("张三：".into()))
            .push(Block::Para("您于 2024年2月8日 提出的申请 <含特殊字符 & 引号\">".into()))
            .push(Block::Table { header: vec!["项目".into(), "数量".into()], rows: vec![vec!["予以公开".into(), "3".into()]] })
            .push(Block::Right("西联镇人民政府".into()));
        let bytes = d.to_bytes().unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("政府信息公开申请答复告知书"));
        assert!(xml.contains("&lt;含特殊字符 &amp; 引号&quot;&gt;"));
        assert!(xml.contains("仿宋_GB2312") && xml.contains("w:pgMar w:top=\"2098\""));
        for part in ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/footer1.xml"] {
            assert!(z.by_name(part).is_ok(), "{part}");
        }
    }
}

#[cfg(test)]
mod render_sample {
    /// Writes a sample to $FAZHI_DOCX_SAMPLE for a person to look at (LibreOffice → PDF → PNG).
    #[test]
    fn write_sample_when_asked() {
        let Ok(path) = std::env::var("FAZHI_DOCX_SAMPLE") else { return };
        let mut d = super::Doc::new();
        d.push(super::Block::Title("西联镇人民政府\n政府信息公开申请答复告知书".into()))
            .push(super::Block::Subtitle("西联府信公〔2026〕12号".into()))
            .push(super::Block::Plain("张**：".into()))
            .push(super::Block::Para("本机关于2026年11月2日收到您提出的政府信息公开申请，申请获取“2026年西联镇农村低保对象名单”。经审查，现答复如下：".into()))
            .push(super::Block::Heading1("一、答复意见".into()))
            .push(super::Block::Para("您申请获取的信息属于本机关已主动公开的政府信息，可通过西联镇政府信息公开专栏查阅。".into()))
            .push(super::Block::Heading2("（一）获取方式".into()))
            .push(super::Block::Table { header: vec!["项目".into(), "自然人".into(), "总计".into()], rows: vec![vec!["予以公开".into(), "3".into(), "3".into()]] })
            .push(super::Block::Para("如对本答复不服，可以自收到本告知书之日起六十日内向韶关市武江区人民政府申请行政复议，或者在六个月内向人民法院提起行政诉讼。".into()))
            .push(super::Block::Right("西联镇人民政府\n2026年11月26日".into()));
        std::fs::write(path, d.to_bytes().unwrap()).unwrap();
    }
}
