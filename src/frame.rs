//! Claims ⇄ Polars: the schema of the claims and articles frames, and the
//! only place that builds them.

use crate::claim::{Claim, Kind, Role};
use crate::corpus::Article;
use crate::interval::Qualifier;
use crate::sym::Sym;
use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;

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

pub fn categorical() -> DataType {
    DataType::from_categories(Categories::global())
}

/// A column of a fixed vocabulary as an enum.
fn enum_column<T: Copy>(
    name: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
    values: impl Iterator<Item = Option<T>>,
) -> PolarsResult<Column> {
    let names: Vec<&str> = all.iter().map(|x| as_str(*x)).collect();
    let dtype = enum_dtype(&names)?;
    // Through strings (the enum's codes are UInt8, which this build of
    // Polars does not support on their own), a slice of rows at a time so
    // that the strings of twenty million claims never exist at once.
    let mut values = values.map(|v| v.map(as_str));
    let mut slice = || strings(name, values.by_ref().take(ENUM_SLICE)).cast(&dtype);
    let mut column = slice()?;
    loop {
        let part = slice()?;
        if part.is_empty() {
            return Ok(column.rechunk());
        }
        column.append_owned(part)?;
    }
}

/// Rows converted at a time by [`enum_column`].
const ENUM_SLICE: usize = 1 << 20;

fn strings<'a>(name: &str, v: impl Iterator<Item = Option<&'a str>>) -> Column {
    StringChunked::from_iter_options(name.into(), v).into_column()
}

/// A column of interned strings as a categorical of the global categories:
/// each distinct `Sym` is looked up once, and each row
/// costs four bytes instead of a string.
fn symbols<'a>(name: &str, v: impl Iterator<Item = Option<&'a Sym>>) -> PolarsResult<Column> {
    let dtype = categorical();
    let mapping = Categories::global().mapping();
    let mut seen: rustc_hash::FxHashMap<Sym, u32> = Default::default();
    let mut failed: Option<PolarsError> = None;
    // Straight into the column (no list of codes first): twenty million
    // claims at a million articles.
    let codes = UInt32Chunked::from_iter_options(
        name.into(),
        v.map(|s| {
            let s = s?;
            if let Some(&c) = seen.get(s) {
                return Some(c);
            }
            match mapping.insert_cat(s) {
                Ok(c) => {
                    seen.insert(*s, c);
                    Some(c)
                }
                Err(e) => {
                    failed.get_or_insert(e);
                    None
                }
            }
        }),
    )
    .into_series();
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Series::from_cats_and_dtype(&codes, &dtype, true)?.into_column())
}

/// Build the claims frame. The schema is explicit: fixed vocabularies
/// (qualifier, kind, role) are enums, open ones (unit) categorical.
pub fn claims_frame(claims: &[Claim]) -> PolarsResult<DataFrame> {
    claims_frame_of(&claims.iter().collect::<Vec<&Claim>>())
}

/// [`claims_frame`] of claims that are not one slice (the claims cache
/// writes a frame per bucket of articles).
pub fn claims_frame_of(claims: &[&Claim]) -> PolarsResult<DataFrame> {
    build(claims, Flavor::Output, &|_| true)
}

/// The claims as the `claims` table of SQL rules, with the columns
/// `wanted` names (in frame order): every vocabulary (the article, the
/// open ones, unit and the enums) as plain strings, which queries compare
/// with string literals and concatenate. Built as strings directly: as
/// categoricals and enums cast to strings afterwards, a query over 2
/// million claims took 0.27 s instead of 0.17-0.20 s. Without the
/// claims' words (`text`), which an SQL rule that asks for them gets
/// then.
pub fn query_frame(claims: &[Claim], wanted: &dyn Fn(&str) -> bool) -> PolarsResult<DataFrame> {
    build(
        &claims.iter().collect::<Vec<&Claim>>(),
        Flavor::Query,
        wanted,
    )
}

/// What [`build`] makes of the claims.
#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    /// [`claims_frame`]: fixed vocabularies as enums, the unit
    /// categorical, the words (`text`) included.
    Output,
    /// [`query_frame`].
    Query,
}

/// One column of the claims frame, built from the claims.
type Maker<'a> = Box<dyn Fn() -> PolarsResult<Column> + Send + Sync + 'a>;

fn build(
    claims: &[&Claim],
    flavor: Flavor,
    wanted: &dyn Fn(&str) -> bool,
) -> PolarsResult<DataFrame> {
    let vocabulary = move |name: &'static str, f: fn(&Claim) -> Option<&Sym>| -> Maker<'_> {
        Box::new(move || Ok(strings(name, claims.iter().map(|c| f(c).map(Sym::as_str)))))
    };
    // The values are moved into the column, not copied (twenty million
    // rows are 80 to 160 MB a column).
    fn numbers<'a, T: PolarsNumericType>(
        claims: &'a [&'a Claim],
        name: &'static str,
        f: fn(&Claim) -> T::Native,
    ) -> Maker<'a> {
        Box::new(move || {
            let values: Vec<T::Native> = claims.iter().map(|c| f(c)).collect();
            Ok(ChunkedArray::<T>::from_vec(name.into(), values).into_column())
        })
    }
    fn enums<'a, T: Copy + Send + Sync + 'a>(
        claims: &'a [&'a Claim],
        flavor: Flavor,
        name: &'static str,
        all: &'a [T],
        as_str: fn(T) -> &'static str,
        f: fn(&Claim) -> Option<T>,
    ) -> Maker<'a> {
        Box::new(move || match flavor {
            Flavor::Output => enum_column(name, all, as_str, claims.iter().map(|c| f(c))),
            Flavor::Query => Ok(strings(name, claims.iter().map(|c| f(c).map(as_str)))),
        })
    }
    let dates = move |name: &'static str, f: fn(&Claim) -> Option<NaiveDate>| -> Maker<'_> {
        Box::new(move || {
            Ok(
                DateChunked::from_naive_date_options(name.into(), claims.iter().map(|c| f(c)))
                    .into_column(),
            )
        })
    };
    // The columns are independent: built side by side (a million articles
    // have twenty million claims).
    let makers: Vec<(&str, Maker<'_>)> = vec![
        (col::ARTICLE, vocabulary(col::ARTICLE, |c| Some(&c.article))),
        (
            col::SENTENCE,
            numbers::<UInt32Type>(claims, col::SENTENCE, |c| c.sentence),
        ),
        (
            col::START,
            numbers::<UInt32Type>(claims, col::START, |c| c.start),
        ),
        (col::END, numbers::<UInt32Type>(claims, col::END, |c| c.end)),
        (
            col::VALUE,
            numbers::<Float64Type>(claims, col::VALUE, |c| c.value),
        ),
        (col::LO, numbers::<Float64Type>(claims, col::LO, |c| c.lo)),
        (col::HI, numbers::<Float64Type>(claims, col::HI, |c| c.hi)),
        (
            col::QUALIFIER,
            enums(
                claims,
                flavor,
                col::QUALIFIER,
                &Qualifier::ALL,
                Qualifier::as_str,
                |c| Some(c.qualifier),
            ),
        ),
        (
            col::UNIT,
            Box::new(move || match flavor {
                Flavor::Output => symbols(col::UNIT, claims.iter().map(|c| Some(&c.unit))),
                Flavor::Query => Ok(strings(
                    col::UNIT,
                    claims.iter().map(|c| Some(c.unit.as_str())),
                )),
            }),
        ),
        (
            col::KIND,
            enums(claims, flavor, col::KIND, &Kind::ALL, Kind::as_str, |c| {
                Some(c.kind)
            }),
        ),
        (col::METRIC, vocabulary(col::METRIC, |c| c.metric.as_ref())),
        (col::NOUN, vocabulary(col::NOUN, |c| c.noun.as_ref())),
        (
            col::SUBJECT,
            vocabulary(col::SUBJECT, |c| c.subject.as_ref()),
        ),
        (col::SCOPE, vocabulary(col::SCOPE, |c| c.scope.as_ref())),
        (
            col::PERIOD_START,
            dates(col::PERIOD_START, |c| c.period_start),
        ),
        (col::PERIOD_END, dates(col::PERIOD_END, |c| c.period_end)),
        (
            col::GROUP,
            Box::new(|| {
                Ok(UInt32Chunked::from_iter_options(
                    col::GROUP.into(),
                    claims.iter().map(|c| c.group),
                )
                .into_column())
            }),
        ),
        (
            col::ROLE,
            enums(claims, flavor, col::ROLE, &Role::ALL, Role::as_str, |c| {
                c.role
            }),
        ),
    ];
    let makers: Vec<Maker<'_>> = makers
        .into_iter()
        .filter(|(name, _)| wanted(name))
        .map(|(_, make)| make)
        .collect();
    let mut columns = makers
        .par_iter()
        .map(|make| make())
        .collect::<PolarsResult<Vec<Column>>>()?;
    if flavor == Flavor::Output {
        // After `end`, as `col::ALL` has it.
        columns.insert(4, text_column(claims.iter().copied()));
    }
    DataFrame::new(claims.len(), columns)
}

/// The claims' words as the `text` column.
pub fn text_column<'c>(claims: impl Iterator<Item = &'c Claim>) -> Column {
    strings(col::TEXT, claims.map(|c| Some(c.text.as_str())))
}

/// The open vocabularies that [`claims_frame`] writes as strings (the unit
/// is categorical already).
const STRING_VOCABULARIES: [&str; 5] = [
    col::ARTICLE,
    col::METRIC,
    col::NOUN,
    col::SUBJECT,
    col::SCOPE,
];

/// A [`claims_frame`] (as read back from Parquet) with its open
/// vocabularies as categoricals, to hold in memory: four bytes a row
/// instead of a string. [`claims_from_frame`] reads either.
pub fn compact(df: DataFrame) -> PolarsResult<DataFrame> {
    cast_columns(df, &categorical())
}

/// The reverse of [`compact`]: the frame as [`claims_frame`] builds it.
pub fn expanded(df: DataFrame) -> PolarsResult<DataFrame> {
    cast_columns(df, &DataType::String)
}

fn cast_columns(mut df: DataFrame, dtype: &DataType) -> PolarsResult<DataFrame> {
    for name in STRING_VOCABULARIES {
        let cast = df.column(name)?.cast(dtype)?;
        df.replace(name, cast)?;
    }
    Ok(df)
}

/// Columns every claim has (the others may be null).
const REQUIRED: [&str; 11] = [
    col::ARTICLE,
    col::SENTENCE,
    col::START,
    col::END,
    col::TEXT,
    col::VALUE,
    col::LO,
    col::HI,
    col::QUALIFIER,
    col::UNIT,
    col::KIND,
];

/// Whether `df` is exactly a claims frame as [`claims_frame`] builds it:
/// every column with its type, and no nulls where a claim needs a value.
/// A frame that passes converts back with [`claims_from_frame`] without
/// error, so the claims cache checks its frames once, when it reads them,
/// and converts rows only when they are needed.
pub fn check_claims_frame(df: &DataFrame) -> Result<(), String> {
    let expected = claims_frame(&[]).map_err(|e| e.to_string())?;
    if df.width() != expected.width() {
        return Err(format!("{} columns, not {}", df.width(), expected.width()));
    }
    for (want, have) in expected.columns().iter().zip(df.columns()) {
        if want.name() != have.name() || want.dtype() != have.dtype() {
            return Err(format!(
                "column `{}` of type {}, where `{}` of type {} belongs",
                have.name(),
                have.dtype(),
                want.name(),
                want.dtype()
            ));
        }
    }
    for name in REQUIRED {
        let c = df.column(name).map_err(|e| e.to_string())?;
        if c.null_count() > 0 {
            return Err(format!("column `{name}` has nulls"));
        }
    }
    Ok(())
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
    all: &[T],
    name: impl Fn(T) -> &'static str,
    v: &str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|x| name(*x) == v)
        .ok_or_else(|| format!("unknown value `{v}` for {column}"))
}

/// Read claims back from a frame with the columns of [`claims_frame`] (as
/// read from Parquet: enums and categoricals may come back as strings, and
/// any column may be cast from a compatible type). The reverse of
/// [`claims_frame`]: `claims_from_frame(&claims_frame(c)?)? == c`.
pub fn claims_from_frame(df: &DataFrame) -> Result<Vec<Claim>, FrameError> {
    let u = |name| column_as(df, name, &DataType::UInt32);
    let f = |name| column_as(df, name, &DataType::Float64);
    let d = |name| column_as(df, name, &DataType::Date);
    let text = column_as(df, col::TEXT, &DataType::String)?;
    // Each distinct value converted once (millions of rows, few values).
    let sym = |s: &str| Ok(Sym::intern(s));
    let article = decoded(df, col::ARTICLE, |s| Ok(Sym::new(s)))?;
    let unit = decoded(df, col::UNIT, sym)?;
    let metric = decoded(df, col::METRIC, sym)?;
    let noun = decoded(df, col::NOUN, sym)?;
    let subject = decoded(df, col::SUBJECT, sym)?;
    let scope = decoded(df, col::SCOPE, sym)?;
    let qualifier = decoded(df, col::QUALIFIER, |v| {
        named(col::QUALIFIER, &Qualifier::ALL, Qualifier::as_str, v)
    })?;
    let kind = decoded(df, col::KIND, |v| {
        named(col::KIND, &Kind::ALL, Kind::as_str, v)
    })?;
    let role = decoded(df, col::ROLE, |v| {
        named(col::ROLE, &Role::ALL, Role::as_str, v)
    })?;
    let (sentence, start, end, group) = (
        u(col::SENTENCE)?,
        u(col::START)?,
        u(col::END)?,
        u(col::GROUP)?,
    );
    let (value, lo, hi) = (f(col::VALUE)?, f(col::LO)?, f(col::HI)?);
    let (period_start, period_end) = (d(col::PERIOD_START)?, d(col::PERIOD_END)?);

    let mut text = text.str()?.iter();
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

    let mut out = Vec::with_capacity(df.height());
    for row in 0..df.height() {
        out.push(Claim {
            article: required(col::ARTICLE, row, article[row])?,
            sentence: required(col::SENTENCE, row, sentence.next().flatten())?,
            start: required(col::START, row, start.next().flatten())?,
            end: required(col::END, row, end.next().flatten())?,
            text: required(col::TEXT, row, text.next().flatten())?.into(),
            value: required(col::VALUE, row, value.next().flatten())?,
            lo: required(col::LO, row, lo.next().flatten())?,
            hi: required(col::HI, row, hi.next().flatten())?,
            qualifier: required(col::QUALIFIER, row, qualifier[row])?,
            unit: required(col::UNIT, row, unit[row])?,
            kind: required(col::KIND, row, kind[row])?,
            metric: metric[row],
            noun: noun[row],
            subject: subject[row],
            scope: scope[row],
            period_start: period_start.next().flatten(),
            period_end: period_end.next().flatten(),
            group: group.next().flatten(),
            role: role[row],
        });
    }
    Ok(out)
}

/// Every row of a text column converted by `convert`, which runs once per
/// distinct value: a categorical or enum column is read by its codes, any
/// other is cast to text (a missing column is an error; a bad value names
/// its row).
fn decoded<T: Clone>(
    df: &DataFrame,
    name: &'static str,
    mut convert: impl FnMut(&str) -> Result<T, String>,
) -> Result<Vec<Option<T>>, FrameError> {
    let c = df.column(name).map_err(|_| FrameError::Missing(name))?;
    let bad = |row: usize, problem: String| FrameError::Value {
        column: name,
        row,
        problem,
    };
    if let DataType::Categorical(_, mapping) | DataType::Enum(_, mapping) = c.dtype() {
        // The codes, whatever their width (no cast: u8 series need a
        // Polars feature this crate does not build).
        let codes: Vec<Option<u32>> = if let Ok(cat) = c.cat8() {
            cat.physical().iter().map(|v| v.map(u32::from)).collect()
        } else if let Ok(cat) = c.cat16() {
            cat.physical().iter().map(|v| v.map(u32::from)).collect()
        } else {
            c.cat32()?.physical().iter().collect()
        };
        let mut memo: Vec<Option<T>> = vec![None; mapping.num_cats_upper_bound()];
        let mut out = Vec::with_capacity(c.len());
        for (row, code) in codes.into_iter().enumerate() {
            let Some(code) = code else {
                out.push(None);
                continue;
            };
            let i = code as usize;
            if memo.len() <= i {
                memo.resize(i + 1, None);
            }
            if memo[i].is_none() {
                let v = mapping
                    .cat_to_str(code)
                    .ok_or_else(|| bad(row, format!("unknown category {code}")))?;
                memo[i] = Some(convert(v).map_err(|p| bad(row, p))?);
            }
            out.push(memo[i].clone());
        }
        return Ok(out);
    }
    let strings = c.cast(&DataType::String)?;
    let mut memo: PlHashMap<&str, T> = PlHashMap::new();
    let mut last: Option<(&str, T)> = None;
    let mut out = Vec::with_capacity(c.len());
    for (row, v) in strings.str()?.iter().enumerate() {
        let Some(v) = v else {
            out.push(None);
            continue;
        };
        if let Some((l, t)) = &last {
            if *l == v {
                out.push(Some(t.clone()));
                continue;
            }
        }
        let t = match memo.get(v) {
            Some(t) => t.clone(),
            None => {
                let t = convert(v).map_err(|p| bad(row, p))?;
                memo.insert(v, t.clone());
                t
            }
        };
        last = Some((v, t.clone()));
        out.push(Some(t));
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

    #[test]
    fn the_query_frame_holds_the_same_values_with_strings_for_vocabularies() {
        let claims = varied();
        let plain = claims_frame(&claims).unwrap();
        let query = query_frame(&claims, &|_| true).unwrap();
        let mut names = plain.get_column_names();
        names.retain(|n| n.as_str() != col::TEXT);
        assert_eq!(query.get_column_names(), names);
        for name in col::ALL.into_iter().filter(|&n| n != col::TEXT) {
            let (a, b) = (plain.column(name).unwrap(), query.column(name).unwrap());
            let words = [
                col::ARTICLE,
                col::QUALIFIER,
                col::UNIT,
                col::KIND,
                col::METRIC,
                col::NOUN,
                col::SUBJECT,
                col::SCOPE,
                col::ROLE,
            ];
            if words.contains(&name) {
                assert_eq!(b.dtype(), &DataType::String, "{name}");
                let a = a.cast(&DataType::String).unwrap();
                assert!(a.equals_missing(b), "{name}");
            } else {
                assert_eq!(a.dtype(), b.dtype(), "{name}");
                assert!(a.equals_missing(b), "{name}");
            }
        }
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
    fn compact_frames_hold_the_same_claims() {
        let claims = varied();
        let plain = claims_frame(&claims).unwrap();
        let compact = compact(plain.clone()).unwrap();
        assert!(matches!(
            compact.column(col::SUBJECT).unwrap().dtype(),
            DataType::Categorical(..)
        ));
        assert_eq!(claims_from_frame(&compact).unwrap(), claims);
        let back = expanded(compact).unwrap();
        check_claims_frame(&back).unwrap();
        assert!(back.equals_missing(&plain));
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
    fn the_query_frame_has_the_columns_wanted_in_frame_order() {
        let some = query_frame(&varied(), &|c| {
            [col::UNIT, col::ARTICLE, col::ROLE].contains(&c)
        })
        .unwrap();
        let names: Vec<&str> = some.get_column_names().iter().map(|s| s.as_str()).collect();
        assert_eq!(names, [col::ARTICLE, col::UNIT, col::ROLE]);
        assert_eq!(some.height(), varied().len());
    }

    #[test]
    fn empty_frame_keeps_its_schema() {
        let df = claims_frame(&[]).unwrap();
        assert_eq!(df.width(), col::ALL.len());
        assert_eq!(df.height(), 0);
    }
}
