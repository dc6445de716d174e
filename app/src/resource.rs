//! Page resources: data the server loads while rendering a page, written into the page as JSON and read
//! back by the browser when it hydrates, so that the browser does not fetch it a second time.
//!
//! Leptos's default resources read that JSON with `serde_json::from_str`, while server functions read
//! their responses with `serde_json::from_slice`. The two readers are separate instantiations of every
//! wire type's deserialiser, so the Wasm carried each one twice (about 115 KB of code before compression;
//! BENCHMARKS.md). [`PageResource`] reads with `from_slice` as well, so both share one copy.

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// JSON in the page, read the way server functions read their responses.
pub struct PageJson;

impl<T: Serialize> Encoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for PageJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(json.as_bytes())
    }
}

/// A resource of a page; see the module's documentation.
pub type PageResource<T> = Resource<T, PageJson>;

/// Like [`Resource::new`]: `fetcher` runs on the server while the page renders, and again in the browser
/// whenever `source` changes.
#[track_caller]
pub fn page_resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageResource<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_json_reads_back_what_it_writes() {
        let value: Result<Vec<(u32, String)>, String> = Ok(vec![(1, "帮厨 \"quoted\"".to_owned())]);
        let json = <PageJson as Encoder<_>>::encode(&value).expect("encodes");
        let back: Result<Vec<(u32, String)>, String> =
            <PageJson as Decoder<_>>::decode(&json).expect("decodes");
        assert_eq!(back, value);
        let broken: Result<Result<u32, String>, _> = <PageJson as Decoder<_>>::decode("{\"Ok\":");
        assert!(broken.is_err());
    }
}
