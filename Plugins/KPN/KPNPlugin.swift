/// The KPN provider plugin module (see KPNProvider).
public enum KPNPlugin {
    /// The plugin kind used in providers.yaml.
    public static let kind = "kpn"
}
