//! Claims ⇄ Polars: the schema of the claims and articles frames, and the
//! only place that builds them.

use crate::claim::{Claim, Kind, Role};
use crate::corpus::Article;
use crate::interval::Qualifier;
use crate::sym::Sym;
use polars::prelude::*;

/// Column names of the claims frame.
pub mod col {
    pub const ARTICLE: &str = "article";
    pub const SENTENCE: &str = "sentence";
    pub const START: &str = "start";
    pub const END: &str = "end";
    pub const TEXT: &str = "text";
    pub const VALUE: &str = "value";
    pub const LO: &str = "lo";
    pub const HI: &str = "hi";
    pub const QUALIFIER: &str = "qualifier";
    pub const UNIT: &str = "unit";
    pub const KIND: &str = "kind";
    pub const METRIC: &str = "metric";
    pub const NOUN: &str = "noun";
    pub const SUBJECT: &str = "subject";
    pub const SCOPE: &str = "scope";
    pub const PERIOD_START: &str = "period_start";
    pub const PERIOD_END: &str = "period_end";
    pub const GROUP: &str = "group";
    pub const ROLE: &str = "role";

    /// Every column, in frame order.
    pub const ALL: [&str; 19] = [
        ARTICLE,
        SENTENCE,
        START,
        END,
        TEXT,
        VALUE,
        LO,
        HI,
        QUALIFIER,
        UNIT,
        KIND,
        METRIC,
        NOUN,
        SUBJECT,
        SCOPE,
        PERIOD_START,
        PERIOD_END,
        GROUP,
        ROLE,
    ];
}

/// Column names of the articles frame.
pub mod article_col {
    pub const ARTICLE: &str = "article";
    pub const PATH: &str = "path";
    pub const TITLE: &str = "title";
    pub const DATE: &str = "date";
    pub const DATE_INFERRED: &str = "date_inferred";
    pub const DATE_REASON: &str = "date_reason";
    pub const SOURCE: &str = "source";
    pub const URL: &str = "url";
}

fn enum_dtype(values: &[&str]) -> PolarsResult<DataType> {
    Ok(DataType::from_frozen_categories(FrozenCategories::new(
        values.iter().copied(),
    )?))
}

fn categorical() -> DataType {
    DataType::from_categories(Categories::global())
}

fn strings<'a>(name: &str, v: impl Iterator<Item = Option<&'a str>>) -> Column {
    StringChunked::from_iter_options(name.into(), v).into_column()
}

/// Build the claims frame. The schema is explicit: fixed vocabularies
/// (qualifier, kind, role) are enums, open ones (unit) categorical.
pub fn claims_frame(claims: &[Claim]) -> PolarsResult<DataFrame> {
    claims_frame_of(&claims.iter().collect::<Vec<&Claim>>())
}

/// [`claims_frame`] of claims that are not one slice (the claims cache
/// writes a frame per bucket of articles).
pub fn claims_frame_of(claims: &[&Claim]) -> PolarsResult<DataFrame> {
    let qualifiers: Vec<&str> = Qualifier::ALL.iter().map(|q| q.as_str()).collect();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    let columns = vec![
        strings(
            col::ARTICLE,
            claims.iter().map(|c| Some(c.article.as_str())),
        ),
        Column::new(
            col::SENTENCE.into(),
            claims.iter().map(|c| c.sentence).collect::<Vec<u32>>(),
        ),
        Column::new(
            col::START.into(),
            claims.iter().map(|c| c.start).collect::<Vec<u32>>(),
        ),
        Column::new(
            col::END.into(),
            claims.iter().map(|c| c.end).collect::<Vec<u32>>(),
        ),
        strings(col::TEXT, claims.iter().map(|c| Some(c.text.as_str()))),
        Column::new(
            col::VALUE.into(),
            claims.iter().map(|c| c.value).collect::<Vec<f64>>(),
        ),
        Column::new(
            col::LO.into(),
            claims.iter().map(|c| c.lo).collect::<Vec<f64>>(),
        ),
        Column::new(
            col::HI.into(),
            claims.iter().map(|c| c.hi).collect::<Vec<f64>>(),
        ),
        strings(
            col::QUALIFIER,
            claims.iter().map(|c| Some(c.qualifier.as_str())),
        )
        .cast(&enum_dtype(&qualifiers)?)?,
        strings(col::UNIT, claims.iter().map(|c| Some(c.unit.as_str()))).cast(&categorical())?,
        strings(col::KIND, claims.iter().map(|c| Some(c.kind.as_str())))
            .cast(&enum_dtype(&kinds)?)?,
        strings(col::METRIC, claims.iter().map(|c| c.metric.as_deref())),
        strings(col::NOUN, claims.iter().map(|c| c.noun.as_deref())),
        strings(col::SUBJECT, claims.iter().map(|c| c.subject.as_deref())),
        strings(col::SCOPE, claims.iter().map(|c| c.scope.as_deref())),
        DateChunked::from_naive_date_options(
            col::PERIOD_START.into(),
            claims.iter().map(|c| c.period_start),
        )
        .into_column(),
        DateChunked::from_naive_date_options(
            col::PERIOD_END.into(),
            claims.iter().map(|c| c.period_end),
        )
        .into_column(),
        Column::new(
            col::GROUP.into(),
            claims.iter().map(|c| c.group).collect::<Vec<Option<u32>>>(),
        ),
        strings(col::ROLE, claims.iter().map(|c| c.role.map(Role::as_str)))
            .cast(&enum_dtype(&roles)?)?,
    ];
    DataFrame::new(claims.len(), columns)
}

/// Why a frame could not be read back as claims.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error(transparent)]
    Polars(#[from] PolarsError),
    #[error("column `{0}` is missing")]
    Missing(&'static str),
    #[error("column `{column}`, row {row}: {problem}")]
    Value {
        column: &'static str,
        row: usize,
        problem: String,
    },
}

/// A column cast to `dtype` (a missing column is an error).
fn column_as(df: &DataFrame, name: &'static str, dtype: &DataType) -> Result<Column, FrameError> {
    let c = df.column(name).map_err(|_| FrameError::Missing(name))?;
    Ok(c.cast(dtype)?)
}

fn required<T>(column: &'static str, row: usize, v: Option<T>) -> Result<T, FrameError> {
    v.ok_or_else(|| FrameError::Value {
        column,
        row,
        problem: "is null or out of range".into(),
    })
}

/// A vocabulary value (qualifier, kind, role) by its name.
fn named<T: Copy>(
    column: &'static str,
    row: usize,
    all: &[T],
    name: impl Fn(T) -> &'static str,
    v: &str,
) -> Result<T, FrameError> {
    all.iter()
        .copied()
        .find(|x| name(*x) == v)
        .ok_or_else(|| FrameError::Value {
            column,
            row,
            problem: format!("unknown value `{v}`"),
        })
}

/// Read claims back from a frame with the columns of [`claims_frame`] (as
/// read from Parquet: enums and categoricals may come back as strings, and
/// any column may be cast from a compatible type). The reverse of
/// [`claims_frame`]: `claims_from_frame(&claims_frame(c)?)? == c`.
pub fn claims_from_frame(df: &DataFrame) -> Result<Vec<Claim>, FrameError> {
    let s = |name| column_as(df, name, &DataType::String);
    let u = |name| column_as(df, name, &DataType::UInt32);
    let f = |name| column_as(df, name, &DataType::Float64);
    let d = |name| column_as(df, name, &DataType::Date);
    let (article, text, unit) = (s(col::ARTICLE)?, s(col::TEXT)?, s(col::UNIT)?);
    let (qualifier, kind, role) = (s(col::QUALIFIER)?, s(col::KIND)?, s(col::ROLE)?);
    let (metric, noun) = (s(col::METRIC)?, s(col::NOUN)?);
    let (subject, scope) = (s(col::SUBJECT)?, s(col::SCOPE)?);
    let (sentence, start, end, group) = (
        u(col::SENTENCE)?,
        u(col::START)?,
        u(col::END)?,
        u(col::GROUP)?,
    );
    let (value, lo, hi) = (f(col::VALUE)?, f(col::LO)?, f(col::HI)?);
    let (period_start, period_end) = (d(col::PERIOD_START)?, d(col::PERIOD_END)?);

    let mut article = article.str()?.iter();
    let mut text = text.str()?.iter();
    let mut unit = unit.str()?.iter();
    let mut qualifier = qualifier.str()?.iter();
    let mut kind = kind.str()?.iter();
    let mut role = role.str()?.iter();
    let mut metric = metric.str()?.iter();
    let mut noun = noun.str()?.iter();
    let mut subject = subject.str()?.iter();
    let mut scope = scope.str()?.iter();
    let mut sentence = sentence.u32()?.iter();
    let mut start = start.u32()?.iter();
    let mut end = end.u32()?.iter();
    let mut group = group.u32()?.iter();
    let mut value = value.f64()?.iter();
    let mut lo = lo.f64()?.iter();
    let mut hi = hi.f64()?.iter();
    let period_start = period_start.date()?;
    let period_end = period_end.date()?;
    let mut period_start = period_start.as_date_iter();
    let mut period_end = period_end.as_date_iter();

    let sym = |v: Option<Option<&str>>| v.flatten().map(Sym::intern);
    let mut out = Vec::with_capacity(df.height());
    // Rows of one article come together: one shared id for them.
    let mut last: Option<Sym> = None;
    for row in 0..df.height() {
        let id = required(col::ARTICLE, row, article.next().flatten())?;
        let id = match last.take() {
            Some(s) if s == id => s,
            _ => Sym::new(id),
        };
        last = Some(id.clone());
        let q = required(col::QUALIFIER, row, qualifier.next().flatten())?;
        let k = required(col::KIND, row, kind.next().flatten())?;
        let r = match role.next().flatten() {
            Some(r) => Some(named(col::ROLE, row, &Role::ALL, Role::as_str, r)?),
            None => None,
        };
        out.push(Claim {
            article: id,
            sentence: required(col::SENTENCE, row, sentence.next().flatten())?,
            start: required(col::START, row, start.next().flatten())?,
            end: required(col::END, row, end.next().flatten())?,
            text: required(col::TEXT, row, text.next().flatten())?.into(),
            value: required(col::VALUE, row, value.next().flatten())?,
            lo: required(col::LO, row, lo.next().flatten())?,
            hi: required(col::HI, row, hi.next().flatten())?,
            qualifier: named(col::QUALIFIER, row, &Qualifier::ALL, Qualifier::as_str, q)?,
            unit: required(col::UNIT, row, sym(unit.next()))?,
            kind: named(col::KIND, row, &Kind::ALL, Kind::as_str, k)?,
            metric: sym(metric.next()),
            noun: sym(noun.next()),
            subject: sym(subject.next()),
            scope: sym(scope.next()),
            period_start: period_start.next().flatten(),
            period_end: period_end.next().flatten(),
            group: group.next().flatten(),
            role: r,
        });
    }
    Ok(out)
}

/// Build the articles frame: one row per article with its metadata.
pub fn articles_frame(articles: &[Article]) -> PolarsResult<DataFrame> {
    use article_col as a;
    let paths: Vec<String> = articles
        .iter()
        .map(|x| x.path.display().to_string())
        .collect();
    let columns = vec![
        strings(a::ARTICLE, articles.iter().map(|x| Some(x.id.as_str()))),
        strings(a::PATH, paths.iter().map(|p| Some(p.as_str()))),
        strings(a::TITLE, articles.iter().map(|x| x.meta.title.as_deref())),
        DateChunked::from_naive_date_options(a::DATE.into(), articles.iter().map(|x| x.meta.date))
            .into_column(),
        Column::new(
            a::DATE_INFERRED.into(),
            articles
                .iter()
                .map(|x| x.meta.date_inferred)
                .collect::<Vec<bool>>(),
        ),
        strings(
            a::DATE_REASON,
            articles.iter().map(|x| x.meta.date_reason.as_deref()),
        ),
        strings(a::SOURCE, articles.iter().map(|x| x.meta.source.as_deref())),
        strings(a::URL, articles.iter().map(|x| x.meta.url.as_deref())),
    ];
    DataFrame::new(articles.len(), columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> Claim {
        Claim {
            article: "a.txt".into(),
            sentence: 0,
            start: 3,
            end: 15,
            text: "30.2 percent".into(),
            value: 30.2,
            lo: 30.15,
            hi: 30.25,
            qualifier: Qualifier::Exact,
            unit: "percent".into(),
            kind: Kind::Growth,
            metric: Some("gdp".into()),
            noun: None,
            subject: Some("Binzhou".into()),
            scope: None,
            period_start: chrono::NaiveDate::from_ymd_opt(2012, 1, 1),
            period_end: None,
            group: Some(1),
            role: Some(Role::Stated),
        }
    }

    #[test]
    fn schema_is_explicit_and_complete() {
        let df = claims_frame(&[claim(), claim()]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, col::ALL);
        assert_eq!(df.height(), 2);
        assert!(matches!(
            df.column(col::KIND).unwrap().dtype(),
            DataType::Enum(..)
        ));
        assert!(matches!(
            df.column(col::UNIT).unwrap().dtype(),
            DataType::Categorical(..)
        ));
        assert_eq!(
            df.column(col::PERIOD_START).unwrap().dtype(),
            &DataType::Date
        );
        assert_eq!(df.column(col::PERIOD_END).unwrap().null_count(), 2);
    }

    /// Claims with every qualifier, kind and role, nulls in every optional
    /// column and infinite bounds.
    fn varied() -> Vec<Claim> {
        let mut out = Vec::new();
        for (i, q) in Qualifier::ALL.iter().enumerate() {
            for (j, k) in Kind::ALL.iter().enumerate() {
                let mut c = claim();
                c.start = (i * 100 + j) as u32;
                c.qualifier = *q;
                c.kind = *k;
                c.role = Role::ALL.get((i + j) % (Role::ALL.len() + 1)).copied();
                if (i + j) % 2 == 0 {
                    c.metric = None;
                    c.subject = None;
                    c.period_start = None;
                    c.period_end = chrono::NaiveDate::from_ymd_opt(2021, 12, 31);
                    c.group = None;
                    c.noun = Some("products".into());
                    c.scope = Some("province".into());
                    c.lo = f64::NEG_INFINITY;
                } else {
                    c.hi = f64::INFINITY;
                    c.unit = "CNY".into();
                    c.text = "“nearly” 5,500 yuan\n".into();
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn claims_round_trip_through_the_frame_and_parquet() {
        let claims = varied();
        assert!(Role::ALL
            .iter()
            .all(|r| claims.iter().any(|c| c.role == Some(*r))));
        assert!(claims.iter().any(|c| c.role.is_none()));
        let df = claims_frame(&claims).unwrap();
        assert_eq!(claims_from_frame(&df).unwrap(), claims);

        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf)
            .finish(&mut df.clone())
            .unwrap();
        let back = ParquetReader::new(std::io::Cursor::new(buf))
            .finish()
            .unwrap();
        assert_eq!(claims_from_frame(&back).unwrap(), claims);
        assert!(claims_from_frame(&claims_frame(&[]).unwrap())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn frames_that_are_not_claims_are_errors() {
        let df = claims_frame(&[claim()]).unwrap();
        let missing = df.drop(col::HI).unwrap();
        assert!(matches!(
            claims_from_frame(&missing),
            Err(FrameError::Missing(col::HI))
        ));
        let mut bad = df.clone();
        bad.replace(col::KIND, Column::new(col::KIND.into(), ["sideways"]))
            .unwrap();
        let err = claims_from_frame(&bad).unwrap_err().to_string();
        assert!(err.contains("unknown value `sideways`"), "{err}");
        let mut null = df.clone();
        null.replace(col::TEXT, Column::new(col::TEXT.into(), [None::<&str>]))
            .unwrap();
        assert!(claims_from_frame(&null).is_err());
    }

    #[test]
    fn empty_frame_keeps_its_schema() {
        let df = claims_frame(&[]).unwrap();
        assert_eq!(df.width(), col::ALL.len());
        assert_eq!(df.height(), 0);
    }
}
