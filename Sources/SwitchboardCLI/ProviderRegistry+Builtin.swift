import Switchboard
import SwitchboardBandwidth
import SwitchboardKPN
import SwitchboardSMSCX
import SwitchboardVonage

extension ProviderRegistry {
    /// The registry with the four plugins shipped with Switchboard.
    static var builtin: ProviderRegistry {
        var registry = ProviderRegistry()
        registry.register(VonageProvider.self)
        registry.register(SMSCXProvider.self)
        registry.register(KPNProvider.self)
        registry.register(BandwidthProvider.self)
        return registry
    }
}
