//! Claims ⇄ Polars: the schema of the claims and articles frames, and the
//! only place that builds them.

use crate::claim::{Claim, Kind, Role};
use crate::corpus::Article;
use crate::interval::Qualifier;
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
    fn empty_frame_keeps_its_schema() {
        let df = claims_frame(&[]).unwrap();
        assert_eq!(df.width(), col::ALL.len());
        assert_eq!(df.height(), 0);
    }
}
