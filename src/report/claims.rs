//! The claims frame for people (`table`) and for programs (`csv`, `json`,
//! `parquet`).

use crate::claim::Claim;
use crate::corpus::Article;
use crate::frame::{self, col};
use polars::prelude::*;
use std::fmt::Write;

/// Render the claims in `format`. Parquet also carries `articles` (their
/// metadata, for `check --claims`; see [`crate::claims_file`]).
pub fn render(
    claims: &[Claim],
    articles: &[Article],
    format: crate::cli::ClaimsFormat,
) -> PolarsResult<Vec<u8>> {
    use crate::cli::ClaimsFormat as F;
    match format {
        F::Table => return Ok(table(claims).into_bytes()),
        F::Parquet => return crate::claims_file::write(claims, articles),
        _ => {}
    }
    let mut df = frame::claims_frame(claims)?;
    let mut buf = Vec::new();
    match format {
        F::Csv => CsvWriter::new(&mut buf).finish(&mut df)?,
        F::Json => JsonWriter::new(&mut buf)
            .with_json_format(JsonFormat::Json)
            .finish(&mut df)?,
        F::Table | F::Parquet => {}
    }
    Ok(buf)
}

/// A number as people read it: "28.73e9" rather than "28730000000".
pub fn fmt_num(v: f64) -> String {
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let a = v.abs();
    if a >= 1e6 {
        let exp = (a.log10().floor() as i32 / 3) * 3;
        let m = v / 10f64.powi(exp);
        return format!("{}e{exp}", trim(format!("{m:.6}")));
    }
    trim(format!("{v:.6}"))
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn period(c: &Claim) -> String {
    match (c.period_start, c.period_end) {
        (None, None) => String::new(),
        (Some(s), Some(e)) if s == e => s.to_string(),
        (s, e) => format!(
            "{}..{}",
            s.map(|d| d.to_string()).unwrap_or_default(),
            e.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

fn clip(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// One section per article, one aligned row per claim.
pub fn table(claims: &[Claim]) -> String {
    let headers = [
        col::SENTENCE,
        col::TEXT,
        col::VALUE,
        "interval",
        col::QUALIFIER,
        col::UNIT,
        col::KIND,
        col::METRIC,
        "period",
        "group",
        "about",
    ];
    let mut out = String::new();
    let mut i = 0;
    while i < claims.len() {
        let article = &claims[i].article;
        let j = claims[i..]
            .iter()
            .position(|c| &c.article != article)
            .map_or(claims.len(), |p| i + p);
        let rows: Vec<[String; 11]> = claims[i..j]
            .iter()
            .map(|c| {
                let about = [c.noun.as_deref(), c.subject.as_deref(), c.scope.as_deref()]
                    .iter()
                    .flatten()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" · ");
                [
                    c.sentence.to_string(),
                    clip(&c.text, 36),
                    fmt_num(c.value),
                    format!("[{}, {}]", fmt_num(c.lo), fmt_num(c.hi)),
                    c.qualifier.to_string(),
                    c.unit.to_string(),
                    c.kind.to_string(),
                    c.metric.as_deref().unwrap_or_default().to_string(),
                    period(c),
                    match (c.group, c.role) {
                        (Some(g), Some(r)) => format!("{g}:{r}"),
                        _ => String::new(),
                    },
                    clip(&about, 40),
                ]
            })
            .collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (w, cell) in widths.iter_mut().zip(r.iter()) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let _ = writeln!(out, "{article} ({} claims)", j - i);
        let line = |cells: &[&str]| {
            let mut l = String::new();
            for (k, c) in cells.iter().enumerate() {
                let pad = widths[k].saturating_sub(c.chars().count());
                l.push_str("  ");
                l.push_str(c);
                if k + 1 < cells.len() {
                    l.push_str(&" ".repeat(pad));
                }
            }
            l
        };
        let _ = writeln!(out, "{}", line(&headers));
        for r in &rows {
            let cells: Vec<&str> = r.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{}", line(&cells));
        }
        out.push('\n');
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(fmt_num(28.73e9), "28.73e9");
        assert_eq!(fmt_num(1530.0), "1530");
        assert_eq!(fmt_num(6.85), "6.85");
        assert_eq!(fmt_num(f64::INFINITY), "∞");
        assert_eq!(fmt_num(-3.8), "-3.8");
        assert_eq!(fmt_num(176000.0), "176000");
    }
}
