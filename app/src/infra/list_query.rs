//! The one way a list page reads its rows: the owner's rows of one table, narrowed by a
//! substring search and exact filters, counted, ordered and cut into pages. Every list copies
//! this (gallery, sketches; later conversations, projects, equipment), so it is fast once here.
//!
//! A search finds rows containing the text anywhere in the searched columns, ignoring case. It
//! is answered from a trigram index — SQLite's FTS5 `trigram` tokenizer, PostgreSQL's `pg_trgm`
//! (migration `0006_list_search`) — instead of `LIKE '%…%'` over every row. Trigrams need three
//! characters, so shorter searches (and `SEARCH_INDEX=off`) take the `LIKE` scan, which finds
//! the same rows.

use shared::paging::Page;
use sqlx::any::AnyRow;

use super::{Backend, Db};

/// How one table is searched.
pub struct TextSearch {
    /// The columns a search looks in.
    pub columns: &'static [&'static str],
    /// SQLite: the FTS5 table mirroring those columns, with the row's `id`.
    pub sqlite_table: &'static str,
    /// PostgreSQL: the expression the table's `gin_trgm_ops` index covers, spelled as in the
    /// migration (the planner matches it textually).
    pub postgres_expression: &'static str,
}

/// Rows of another table that belong to a listed row (a conversation's messages), searched
/// with it: `key` is their column holding the listed row's id.
pub struct RelatedSearch {
    pub table: &'static str,
    pub key: &'static str,
    /// Which of those rows a search may find (finished messages, not a reply still growing).
    pub searchable: &'static str,
    pub search: TextSearch,
}

/// A list query under construction; see the module docs.
pub struct ListQuery {
    table: &'static str,
    conditions: Vec<String>,
    binds: Vec<String>,
}

/// `%`, `_` and `\` in a search are literal: "100%" finds the text "100%".
pub fn like_contains(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// An FTS5 query for `text` as one phrase: with the trigram tokenizer, "contains this text".
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl ListQuery {
    /// The rows of `table` whose `user_id` is `user_id`.
    pub fn owned_by(table: &'static str, user_id: &str) -> ListQuery {
        ListQuery {
            table,
            conditions: vec!["user_id = $1".into()],
            binds: vec![user_id.to_string()],
        }
    }

    fn bind(&mut self, value: String) -> usize {
        self.binds.push(value);
        self.binds.len()
    }

    /// Rows containing `text` (trimmed; empty matches everything) in any of `search.columns`.
    pub fn search(mut self, db: &Db, search: &TextSearch, text: &str) -> ListQuery {
        let text = text.trim().to_lowercase();
        if !text.is_empty() {
            let condition = self.contains(db, search, &text);
            self.conditions.push(condition);
        }
        self
    }

    /// Rows containing `text` in their own columns or in a related row (a conversation whose
    /// title or any message has it).
    pub fn search_with(
        mut self,
        db: &Db,
        own: &TextSearch,
        related: &RelatedSearch,
        text: &str,
    ) -> ListQuery {
        let text = text.trim().to_lowercase();
        if !text.is_empty() {
            let mine = self.contains(db, own, &text);
            let theirs = self.contains(db, &related.search, &text);
            let (table, key, searchable) = (related.table, related.key, related.searchable);
            let condition = if self.indexed(db, &text) {
                // The index finds the few matching rows of every owner; the outer `user_id`
                // condition keeps this owner's.
                format!("id IN (SELECT {key} FROM {table} WHERE {searchable} AND {theirs})")
            } else {
                // A scan reads only this owner's rows: per listed row, through `key`'s index.
                format!(
                    "EXISTS (SELECT 1 FROM {table} WHERE {table}.{key} = {}.id \
                     AND {searchable} AND {theirs})",
                    self.table
                )
            };
            self.conditions.push(format!("({mine} OR {condition})"));
        }
        self
    }

    /// Whether a search for `text` is answered from the trigram index.
    fn indexed(&self, db: &Db, text: &str) -> bool {
        db.search_index && text.chars().count() >= 3
    }

    /// The condition "one of `search.columns` contains `text`" (lower-cased, not empty).
    fn contains(&mut self, db: &Db, search: &TextSearch, text: &str) -> String {
        match (self.indexed(db, text), db.backend) {
            (true, Backend::Sqlite) => {
                let n = self.bind(fts_phrase(text));
                let fts = search.sqlite_table;
                format!("id IN (SELECT id FROM {fts} WHERE {fts} MATCH ${n})")
            }
            (true, Backend::Postgres) => {
                // Backslash is PostgreSQL's default `LIKE` escape; naming it would wrap the
                // pattern in `like_escape(…)`, which the planner does not match to the index.
                let n = self.bind(like_contains(text));
                format!("{} LIKE ${n}", search.postgres_expression)
            }
            (false, _) => {
                let n = self.bind(like_contains(text));
                let any: Vec<String> = search
                    .columns
                    .iter()
                    .map(|c| format!("LOWER(COALESCE({c}, '')) LIKE ${n} ESCAPE '\\'"))
                    .collect();
                format!("({})", any.join(" OR "))
            }
        }
    }

    /// Rows whose `column` equals `value`; an empty value filters nothing.
    pub fn equals(mut self, column: &'static str, value: &str) -> ListQuery {
        if !value.is_empty() {
            let n = self.bind(value.to_string());
            self.conditions.push(format!("{column} = ${n}"));
        }
        self
    }

    /// Rows where one of the comma-separated lists in `columns` (stored as
    /// `shared::inventory::tags` writes them: `a, b`) holds `tag`, ignoring case; an empty tag
    /// filters nothing. SQLite folds only ASCII letters, so the tag as written matches too
    /// (`Übersteuerung` picked from the list finds itself on both databases).
    pub fn in_tag_list(mut self, columns: &[&'static str], tag: &str) -> ListQuery {
        let tag = tag.trim();
        if !tag.is_empty() {
            let folded = self.bind(like_contains(&format!(", {}, ", tag.to_lowercase())));
            let exact = self.bind(like_contains(&format!(", {tag}, ")));
            let any: Vec<String> = columns
                .iter()
                .map(|c| {
                    format!(
                        "LOWER(', ' || {c} || ', ') LIKE ${folded} ESCAPE '\\' \
                         OR (', ' || {c} || ', ') LIKE ${exact} ESCAPE '\\'"
                    )
                })
                .collect();
            self.conditions.push(format!("({})", any.join(" OR ")));
        }
        self
    }

    /// Rows whose integer flag `column` is set (`on`) or not.
    pub fn flag(mut self, column: &'static str, on: bool) -> ListQuery {
        self.conditions
            .push(format!("{column} = {}", i32::from(on)));
        self
    }

    /// Rows whose `column` is not `value` (archived sketches left out, say).
    pub fn not_equals(mut self, column: &'static str, value: &str) -> ListQuery {
        let n = self.bind(value.to_string());
        self.conditions.push(format!("{column} <> ${n}"));
        self
    }

    fn filter(&self) -> String {
        self.conditions.join(" AND ")
    }

    /// How many rows match.
    pub async fn count(&self, db: &Db) -> Result<i64, sqlx::Error> {
        let sql = format!(
            "SELECT COUNT(*) FROM {} WHERE {}",
            self.table,
            self.filter()
        );
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for b in &self.binds {
            query = query.bind(b);
        }
        query.fetch_one(&db.pool).await
    }

    /// One page of matching rows: `columns` selected, in `order` (which should end in a unique
    /// column, so pages never overlap), read by `row`.
    pub async fn page<T>(
        &self,
        db: &Db,
        columns: &str,
        order: &str,
        page: Page,
        per_page: u32,
        row: impl Fn(&AnyRow) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let sql = format!(
            "SELECT {columns} FROM {} WHERE {} ORDER BY {order} LIMIT {per_page} OFFSET {}",
            self.table,
            self.filter(),
            page.offset(per_page)
        );
        let mut query = sqlx::query(&sql);
        for b in &self.binds {
            query = query.bind(b);
        }
        query.fetch_all(&db.pool).await?.iter().map(row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_quotes_are_literal() {
        assert_eq!(like_contains(r"100%_a\b"), r"%100\%\_a\\b%");
        assert_eq!(fts_phrase(r#"say "hi""#), r#""say ""hi""""#);
    }
}
