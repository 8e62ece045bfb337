//! `sql`: any Polars SQL query over the `claims` and `articles` tables; each
//! row it returns is a finding.

use crate::check::{Context, ROW};
use crate::claim::Claim;
use crate::finding::FindingBuilder;
use crate::frame::{self, col};
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use polars::prelude::*;
use polars::sql::SQLContext;
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "sql",
    summary: "any SQL query over the claims and articles tables; each row it returns is a finding",
    doc: DOC,
    build,
};

const DOC: &str = r#"# sql

Runs a Polars SQL query over two tables and reports each row it returns as
a finding. Most new checks need no Rust: write the query in the rule.

Tables:
- `claims`: one row per quantity mention, the columns of `claimcheck
  claims` (article, sentence, start, end, text, value, lo, hi, qualifier,
  unit, kind, metric, noun, subject, scope, period_start, period_end,
  group, role) and `row`, the claim's index. `qualifier`, `unit`, `kind`
  and `role` are strings.
- `articles`: one row per article (article, path, title, date,
  date_inferred, date_reason, source, url).

The tables are built for the query: only the columns it names (all of
them when it says `*`), and `articles` only when it names that table. A
query with `per_article: true` runs on slices of about a million claims
(whole articles) at a time, so a large corpus's table is never in memory
at once.

The query must return the columns `article` (string), `start` and `end`
(integers: the byte span the finding points at, usually a claim's) and
`message` (string), and may return `stated` and `computed` (numbers) and
`help` (string); any other column is an error. The query is checked when
the rules load, by running it on empty tables: a syntax error, an unknown
table or column, or a wrong output column stops the run with a diagnostic
on `query`. Quote column names that are SQL keywords: `"end"`, `"group"`.

Parameters:
- `query` (string, required): the SQL query.
- `per_article` (bool, default false): say that each row the query returns
  depends only on the claims of the article it names (no join or
  aggregate across articles). Incremental runs then re-run the query on
  the edited articles alone; otherwise every run re-runs it on the whole
  corpus, which needs every claim in memory.

Example rule:

```yaml
- id: share-above-whole
  kind: sql
  severity: error
  title: A share cannot exceed 100 percent
  query: |
    SELECT article, start, "end", value AS stated,
           'a share of ' || text || ' is more than the whole' AS message
    FROM claims WHERE kind = 'share' AND lo > 100
```

Flags: "R&D investment accounted for 130 percent of GDP."
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    query: String,
    #[serde(default)]
    per_article: bool,
}

#[derive(Debug)]
struct Sql {
    query: String,
    per_article: bool,
}

const REQUIRED: [&str; 4] = ["article", "start", "end", "message"];
const OPTIONAL: [&str; 3] = ["stated", "computed", "help"];

/// Whether a query (`lower`: in lowercase) may use the column or table
/// `name`: it names it, or asks for every column (`*`). A superset (a
/// name inside a word or a string counts), so a query never misses a
/// column; the columns it cannot use are not built, which at twenty
/// million claims is most of the work.
fn mentions(lower: &str, name: &str) -> bool {
    lower.contains('*') || lower.contains(name)
}

/// The claims frame (a [`frame::query_frame`]) as the `claims` table,
/// with the claims' words, which that frame leaves out, back in their
/// place when the query may use them.
fn claims_table(df: &DataFrame, claims: &[Claim], query: &str) -> PolarsResult<LazyFrame> {
    let mut df = df.clone();
    if df.column(col::TEXT).is_err() && mentions(&query.to_lowercase(), col::TEXT) {
        // Before the first column that follows it in frame order.
        let after = &col::ALL[col::ALL.iter().position(|&c| c == col::TEXT).unwrap_or(0)..];
        let at = df
            .get_column_names()
            .iter()
            .position(|n| after.contains(&n.as_str()))
            .unwrap_or(df.width());
        df.insert_column(at, frame::text_column(claims.iter()))?;
    }
    Ok(df.lazy())
}

/// Run `query` over the `claims` table (the frame `frame` of `claims`)
/// and the `articles` table.
fn run_query(
    query: &str,
    frame: &DataFrame,
    claims: &[Claim],
    articles: &DataFrame,
) -> PolarsResult<DataFrame> {
    let mut sql = SQLContext::new();
    sql.register("claims", claims_table(frame, claims, query)?);
    sql.register("articles", articles.clone().lazy());
    sql.execute(query)?.collect()
}

/// What is wrong with the output columns of a query, if anything.
fn check_columns(df: &DataFrame) -> Result<(), String> {
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !names.contains(r))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the query returns {}, but lacks {}",
            list(&names),
            list(&missing)
        ));
    }
    let extra: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !REQUIRED.contains(n) && !OPTIONAL.contains(n))
        .collect();
    if !extra.is_empty() {
        return Err(format!(
            "the query returns {}, which is not a finding column",
            list(&extra)
        ));
    }
    for c in df.columns() {
        let dt = c.dtype();
        let ok = match c.name().as_str() {
            "article" | "message" => matches!(dt, DataType::String),
            "help" => matches!(dt, DataType::String | DataType::Null),
            "start" | "end" => dt.is_integer(),
            _ => dt.is_primitive_numeric() || matches!(dt, DataType::Null),
        };
        if !ok {
            return Err(format!(
                "the column `{}` is {dt}, which does not fit",
                c.name()
            ));
        }
    }
    Ok(())
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

const COLUMNS_HELP: &str = "return `article`, `start`, `end` (integers) and `message`, and optionally `stated`, `computed` (numbers) and `help`: rename columns with AS";

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    let empty = || -> PolarsResult<(DataFrame, DataFrame)> {
        Ok((
            frame::query_frame(&[], &|_| true)?.with_row_index(ROW.into(), None)?,
            frame::articles_frame(&[])?,
        ))
    };
    let (claims, articles) = empty().map_err(|e| BuildError::new("query:", e.to_string()))?;
    let out = run_query(&p.query, &claims, &[], &articles).map_err(|e| {
        BuildError::new("query:", format!("the query does not run: {e}"))
            .help("the tables are `claims` and `articles` (see `claimcheck rules explain sql`); quote keywords used as column names: \"end\", \"group\"")
    })?;
    check_columns(&out).map_err(|e| BuildError::new("query:", e).help(COLUMNS_HELP))?;
    Ok(Box::new(Sql {
        query: p.query,
        per_article: p.per_article,
    }))
}

/// One output column as options of a type.
fn strings(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<String>>> {
    match df.column(name) {
        Ok(c) => Ok(c
            .cast(&DataType::String)?
            .str()?
            .iter()
            .map(|s| s.map(str::to_string))
            .collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

fn numbers(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<f64>>> {
    match df.column(name) {
        Ok(c) => Ok(c.cast(&DataType::Float64)?.f64()?.iter().collect()),
        Err(_) => Ok(vec![None; df.height()]),
    }
}

/// Claims per slice for queries about one article at a time.
const SLICE_ROWS: usize = 1 << 20;

impl Check for Sql {
    fn reach(&self) -> crate::rules::Reach {
        if self.per_article {
            crate::rules::Reach::Article
        } else {
            crate::rules::Reach::Corpus
        }
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        self.run_in_slices(meta, ctx, SLICE_ROWS)
    }
}

impl Sql {
    /// [`Check::run`], with queries about one article at a time run on
    /// slices of about `size` claims.
    fn run_in_slices(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        size: usize,
    ) -> Result<Outcome, CheckError> {
        let err = |e| select::run_error(meta, e);
        let mut out = Outcome::default();
        // A query about one article at a time runs on slices of whole
        // articles: the tables it builds (the claims' words, vocabularies
        // as strings) are then a slice's, not twenty million claims'.
        let slices = self
            .per_article
            .then(|| ctx.article_slices(size))
            .flatten()
            .unwrap_or_else(|| std::iter::once(0..ctx.claims.len()).collect());
        // The articles table once for every slice, and only when the query
        // names it (a million rows at a million articles).
        let lower = self.query.to_lowercase();
        let articles = if lower.contains("articles") {
            frame::articles_frame(ctx.corpus)
        } else {
            frame::articles_frame(&[])
        }
        .map_err(err)?;
        for rows in slices {
            // Built for the slice, with the columns the query may use,
            // and let go after it.
            let frame = ctx
                .frame_of(rows.clone(), &|c| mentions(&lower, c))
                .map_err(err)?;
            let df = run_query(&self.query, &frame, &ctx.claims[rows], &articles).map_err(err)?;
            self.findings(meta, ctx, &df, &mut out)?;
        }
        Ok(out)
    }

    /// The findings of the query's rows `df`, added to `out`.
    fn findings(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        df: &DataFrame,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        let err = |e| select::run_error(meta, e);
        check_columns(df).map_err(|message| CheckError {
            rule: meta.id.clone(),
            message,
        })?;
        let (articles, messages, helps) = (
            strings(df, "article").map_err(err)?,
            strings(df, "message").map_err(err)?,
            strings(df, "help").map_err(err)?,
        );
        let (starts, ends) = (
            numbers(df, "start").map_err(err)?,
            numbers(df, "end").map_err(err)?,
        );
        let (stated, computed) = (
            numbers(df, "stated").map_err(err)?,
            numbers(df, "computed").map_err(err)?,
        );
        for i in 0..df.height() {
            let (Some(article), Some(message)) = (&articles[i], &messages[i]) else {
                return Err(CheckError {
                    rule: meta.id.clone(),
                    message: format!(
                        "row {} of the query has no `article` or no `message`",
                        i + 1
                    ),
                });
            };
            if !meta.filter.article.is_empty() && !meta.filter.article.contains(article) {
                continue;
            }
            let text = ctx.text(article);
            // Without the text (claims files) the offsets cannot be checked
            // against it: kept as the query gives them.
            let limit = if text.is_empty() {
                f64::from(u32::MAX)
            } else {
                text.len() as f64
            };
            let clamp = |x: Option<f64>| x.map_or(0, |v| v.clamp(0.0, limit) as u32);
            let (start, end) = (clamp(starts[i]), clamp(ends[i]));
            let (start, end) = (start.min(end), end.max(start));
            let part = crate::rules::parts::article(article);
            out.count(ctx, About::Part(part), 1, 1);
            let f = FindingBuilder::at_span(meta, article, text, start, end, message.clone())
                .label(message.clone())
                .values(stated[i], computed[i])
                .help(helps[i].clone())
                .build();
            out.findings.push(f);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_query(q: &str) -> Result<Box<dyn Check>, BuildError> {
        let mut m = serde_yaml::Mapping::new();
        m.insert("query".into(), q.into());
        build(
            &m,
            &BuildContext {
                dir: std::path::Path::new("."),
            },
        )
    }

    #[test]
    fn a_good_query_builds() {
        let q = "SELECT article, start, \"end\", 'x' AS message, value AS stated FROM claims WHERE kind = 'share' AND lo > 100";
        assert!(build_query(q).is_ok());
        let q = "SELECT c.article, c.start, c.\"end\", 'late' AS message FROM claims c JOIN articles a ON c.article = a.article WHERE c.period_start > a.date";
        assert!(build_query(q).map_err(|e| e.message).is_ok());
    }

    #[test]
    fn queries_join_the_articles_of_the_corpus() {
        use crate::check::Context;
        use crate::claim::Kind;
        use crate::rules::select::testing::{article, claim, meta};
        let articles = [
            article("a.txt", "", "2020-06-01"),
            article("b.txt", "", "2024-06-01"),
        ];
        let claims = [
            claim("a.txt", Kind::Level, "gdp", 1.0, (2022, 2022)),
            claim("b.txt", Kind::Level, "gdp", 1.0, (2022, 2022)),
        ];
        let ctx = Context::new(&claims, &articles, std::path::Path::new("."));
        let sql = Sql {
            query: "SELECT c.article, c.start, c.\"end\", 'late' AS message FROM claims c JOIN articles a ON c.article = a.article WHERE c.period_start > a.date".into(),
            per_article: false,
        };
        let out = sql.run(&meta("sql"), &ctx).unwrap();
        let found: Vec<&str> = out.findings.iter().map(|f| f.article.as_str()).collect();
        assert_eq!(found, ["a.txt"]);
    }

    #[test]
    fn bad_queries_are_build_errors_on_query() {
        let e = build_query("SELEC article FROM claims").unwrap_err();
        assert_eq!(e.key, "query:");
        let e = build_query("SELECT article, start FROM claims").unwrap_err();
        assert!(e.message.contains("lacks"), "{}", e.message);
        let e = build_query("SELECT article, start, \"end\", text AS message, value FROM claims")
            .unwrap_err();
        assert!(e.message.contains("`value`"), "{}", e.message);
        let e = build_query("SELECT article, text AS start, \"end\", text AS message FROM claims")
            .unwrap_err();
        assert!(e.message.contains("`start`"), "{}", e.message);
        assert!(build_query("SELECT * FROM nowhere").is_err());
    }

    #[test]
    fn a_query_about_one_article_at_a_time_finds_the_same_in_slices() {
        use crate::check::Context;
        use crate::claim::Claim;
        let at = |a: &str, start: u32, value: f64| Claim {
            text: format!("{value} percent").into(),
            ..Claim::level(a, start, start + 4, value, "percent")
        };
        let claims = [
            at("a.txt", 0, 120.0),
            at("a.txt", 10, 50.0),
            at("b.txt", 0, 101.0),
            at("c.txt", 0, 3.0),
            at("c.txt", 8, 140.0),
        ];
        let ctx = Context::new(&claims, &[], std::path::Path::new("."));
        assert!(ctx.sorted());
        let sql = Sql {
            query: "SELECT article, start, \"end\", 'over: ' || text AS message FROM claims WHERE lo > 100".into(),
            per_article: true,
        };
        let meta = crate::rules::sum::tests::meta("sql");
        let found = |size: usize| -> Vec<String> {
            let out = sql.run_in_slices(&meta, &ctx, size).unwrap();
            out.findings
                .iter()
                .map(|f| format!("{} {}", f.article, f.message))
                .collect()
        };
        let whole = found(usize::MAX);
        assert_eq!(
            whole,
            [
                "a.txt over: 120 percent",
                "b.txt over: 101 percent",
                "c.txt over: 140 percent"
            ]
        );
        assert_eq!(found(1), whole);
        assert_eq!(found(2), whole);
    }

    #[test]
    fn queries_see_the_claims_with_their_rows_and_words() {
        use crate::check::{Context, ROW};
        use crate::claim::Claim;
        let claims = [
            Claim::level("a.txt", 0, 2, 2.0, "count"),
            Claim::level("a.txt", 5, 7, 3.0, "count"),
        ];
        let ctx = Context::new(&claims, &[], std::path::Path::new("."));
        let frame = ctx.frame_of(0..2, &|_| true).unwrap();
        let all = run_query(
            "SELECT * FROM claims",
            &frame,
            &claims,
            &frame::articles_frame(&[]).unwrap(),
        )
        .unwrap();
        let names: Vec<&str> = all.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names[0], ROW, "{names:?}");
        // The query frame has no words; the table has them, in place.
        assert!(frame.column(col::TEXT).is_err());
        // Every vocabulary is a string column, as the kind's documentation says.
        for name in [
            col::ARTICLE,
            col::QUALIFIER,
            col::UNIT,
            col::KIND,
            col::ROLE,
        ] {
            assert_eq!(
                all.column(name).unwrap().dtype(),
                &DataType::String,
                "{name}"
            );
        }
        let plain = frame::claims_frame(&claims).unwrap();
        let plain: Vec<&str> = plain
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .collect();
        assert_eq!(names[1..], plain[..], "{names:?}");
        let text = all.column(col::TEXT).unwrap();
        assert_eq!(text.str().unwrap().get(0), Some(claims[0].text.as_str()));
        // A slice's rows keep their numbers in the whole.
        let second = ctx.frame_of(1..2, &|c| mentions("select row", c)).unwrap();
        let rows = run_query(
            "SELECT row FROM claims",
            &second,
            &claims[1..],
            &frame::articles_frame(&[]).unwrap(),
        )
        .unwrap();
        let rows = rows.column(ROW).unwrap().cast(&DataType::UInt32).unwrap();
        assert_eq!(rows.u32().unwrap().get(0), Some(1));
        let articles = run_query(
            "SELECT * FROM articles",
            &frame,
            &claims,
            &frame::articles_frame(&[]).unwrap(),
        )
        .unwrap();
        let names = articles.get_column_names();
        assert_eq!(
            names.first().map(|n| n.as_str()),
            Some("article"),
            "{names:?}"
        );
    }
}
