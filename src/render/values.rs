//! Building Tera values: objects from pairs, one shared empty list, JSON from the data files.

use tera::{Map, Value};

/// An object from `(key, value)` pairs.
pub(crate) fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut map = Map::with_capacity(N);
    for (k, v) in pairs {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

/// `[]`, one for every view that has an empty list (most pages have no aliases, assets,
/// units…): a shared value costs nothing, an empty one of its own costs an allocation.
pub(crate) fn empty_list() -> Value {
    static EMPTY: std::sync::LazyLock<Value> =
        std::sync::LazyLock::new(|| Value::from(Vec::<Value>::new()));
    EMPTY.clone()
}

pub(crate) fn json(v: &serde_json::Value) -> Value {
    Value::from_serializable(v)
}
