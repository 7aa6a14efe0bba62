/// The model `rank`, `serve` and `eval` use when none is given: the catalogue's default
/// (``ModelCatalog/default``), installed in ``ModelStore/defaultCacheDirectory``.
public enum DefaultModel {
    /// The cache folder: `$CONSENSUS_CACHE`, else `~/.cache/consensus`.
    public static var cacheDirectory: String { ModelStore.defaultCacheDirectory }

    /// The default model's name.
    public static var name: String { ModelCatalog.shipped.default }

    /// Where the default model is installed.
    public static var path: String { ModelStore().path(of: ModelCatalog.shipped.defaultEntry) }
}
