//! Long lists read page by page through Okta's `after` cursor (`Link: <...>; rel="next"`), one
//! after another (the cursor of a page is only known from the page before), for the app's
//! assigned users and the System Log. Unlike [`OktaClient::get_all`], what was read before a
//! failure is kept, a page that points back to an earlier one stops the read (a server that
//! ignores the cursor would otherwise loop until the page limit), and the caller sees each page
//! as it arrives.

use std::collections::HashSet;

use serde_json::Value;

use super::{kind, next_link, unexpected, Need, OktaClient};
use crate::http::Failure;

/// What a paged read got: every item kept, whether the list was read to its end, and why it
/// stopped early when it did (the items before that are still good).
#[derive(Debug)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub pages: usize,
    pub complete: bool,
    pub stopped: Option<Failure>,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            items: Vec::new(),
            pages: 0,
            complete: false,
            stopped: None,
        }
    }
}

impl OktaClient<'_> {
    /// Reads `path` and its `next` pages in order, at most `max_pages` and until `max_items` are
    /// kept. Each item is turned into what is kept by `keep` as its page arrives (`None` drops
    /// it), so a long list is never held as JSON.
    pub async fn get_pages<T>(
        &self,
        path: &str,
        need: Need,
        (max_pages, max_items): (usize, usize),
        mut keep: impl FnMut(Value) -> Option<T>,
    ) -> Paged<T> {
        let mut paged = Paged::default();
        let mut url = match self.url(path) {
            Ok(url) => url.to_string(),
            Err(f) => return stopped(paged, f),
        };
        let mut visited = HashSet::new();
        while paged.pages < max_pages {
            visited.insert(url.clone());
            let (json, headers) = match self.get_url(&url, path, need).await {
                Ok(answer) => answer,
                Err(f) => return stopped(paged, f),
            };
            let Value::Array(page) = json else {
                let why = format!("a list was expected, Okta sent {}", kind(&json));
                return stopped(paged, unexpected(path, &why));
            };
            paged.pages += 1;
            paged.items.extend(page.into_iter().filter_map(&mut keep));
            let Some(next) = next_link(&headers) else {
                paged.complete = true;
                return paged;
            };
            if paged.items.len() >= max_items {
                return paged;
            }
            url = match self.same_origin(&next, path) {
                Ok(next) => next,
                Err(f) => return stopped(paged, f),
            };
            if visited.contains(&url) {
                let pages = paged.pages;
                return stopped(paged, repeated(path, pages));
            }
        }
        paged
    }
}

fn stopped<T>(mut paged: Paged<T>, failure: Failure) -> Paged<T> {
    paged.stopped = Some(failure);
    paged
}

/// `reconcile.page_repeated`: the next page is one already read.
pub fn repeated(path: &str, pages: usize) -> Failure {
    Failure {
        code: "reconcile.page_repeated",
        title: "Okta's list repeats a page".into(),
        detail: format!(
            "GET {path}: after {pages} page(s) the next page points back to one already read. Reading stopped there; what was read is reported."
        ),
        remedy: "Something between you and Okta (a caching proxy?) ignores the page cursor. Check the proxy, then run the check again.".into(),
    }
}
