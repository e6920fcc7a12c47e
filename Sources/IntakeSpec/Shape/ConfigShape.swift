/// The key set of the optional `intake.yaml`, read by the loader and by `intake schema`.
public enum ConfigShape {
    /// The top level of `intake.yaml`.
    public static let config = KeySet(id: "config", what: "intake.yaml", keys: [
        .init("version", .version(supported: 1)),
        .init("model", .text, summary: "The model file, relative to the root."),
        .init("integrations", .text, summary: "The folder of spec files."),
        .init("templates", .text, summary: "The folder of templates."),
        .init("store", .text, summary: "The state store URL."),
    ])
}
