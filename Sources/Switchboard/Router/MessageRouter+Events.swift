extension MessageRouter {
    /// Parses a webhook with the provider's plugin (verifying its signature where the provider
    /// signs) and records what it says: receipts update delivery state, inbound messages are
    /// stored, and STOP-style keywords add an opt-out (START-style ones remove it).
    ///
    /// Redeliveries change nothing (receipts and inbound messages are de-duplicated in the log).
    /// Returns the events so the server can answer the provider.
    @discardableResult
    public func handleWebhook(provider: ProviderID, request: WebhookRequest) async throws -> [ProviderEvent] {
        let runtime = self.runtime
        guard let index = runtime.table.index(of: provider) else {
            throw WebhookError.unsupported("no provider '\(provider)' in \(rulesDirectory)/providers.yaml")
        }
        let events = try runtime.providers[index].parseWebhook(request)
        try await handle(events, from: provider)
        return events
    }

    /// Records receipts and inbound messages a provider reported (already parsed).
    ///
    /// Opt-outs (STOP) and opt-ins (START) change the in-memory list only after the log has
    /// committed them; when the write fails this throws and nothing changed.
    public func handle(_ events: [ProviderEvent], from provider: ProviderID) async throws {
        let runtime = self.runtime
        let now = Self.now()
        var writes: [LogWrite] = []
        writes.reserveCapacity(events.count)
        var changes: [OptOutList.Change] = []
        for event in events {
            switch event {
            case .receipt(let receipt):
                writes.append(.receipt(provider: provider.rawValue, receipt, at: now))
                runtime.metrics.receipt(receipt.state)
            case .inbound(let inbound):
                writes.append(.inbound(provider: provider.rawValue, inbound, at: now))
                guard let number = Self.e164(inbound.from) else { continue }
                if OptOutKeywords.isOptOut(inbound.text) {
                    changes.append(.add(number))
                    writes.append(.optOut(number: number, source: "inbound \(provider.rawValue): \(inbound.text.prefix(20))", at: now))
                } else if OptOutKeywords.isOptIn(inbound.text) {
                    changes.append(.remove(number))
                    writes.append(.removeOptOut(number: number))
                }
            }
        }
        guard !writes.isEmpty else { return }
        let log = self.log
        guard !changes.isEmpty else {
            try await log.write(writes)
            return
        }
        let recorded = writes
        let changed = try await optOuts.apply(changes) { try await log.write(recorded) }
        for (change, changed) in zip(changes, changed) {
            if changed, case .add = change {
                logger.notice("opt-out added by an inbound STOP", metadata: ["provider": "\(provider.rawValue)"])
            }
        }
    }

    /// Adds an opt-out (e.g. from an app's unsubscribe page): later sends to the number fail
    /// fast with ``SendFailure/Kind/optedOut``. The number is opted out once the log has
    /// committed it; when the write fails this throws and nothing changed.
    public func optOut(_ number: String, source: String = "api") async throws {
        let phone = try PhoneNumber(parsing: number)
        let log = self.log
        let write = LogWrite.optOut(number: phone.e164, source: source, at: Self.now())
        _ = try await optOuts.apply([.add(phone.e164)]) { try await log.write([write]) }
    }

    /// Removes an opt-out (the person asked to receive messages again), once the log has
    /// committed it; when the write fails this throws and the number stays opted out.
    public func optIn(_ number: String) async throws {
        let phone = try PhoneNumber(parsing: number)
        let log = self.log
        _ = try await optOuts.apply([.remove(phone.e164)]) { try await log.write([.removeOptOut(number: phone.e164)]) }
    }

    /// Whether a number is opted out now.
    public func isOptedOut(_ number: String) -> Bool {
        guard let phone = try? PhoneNumber(parsing: number) else { return false }
        return optOuts.contains(phone.e164)
    }

    /// An inbound sender as E.164 (providers send digits without `+`).
    static func e164(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if let phone = try? PhoneNumber(parsing: trimmed) { return phone.e164 }
        if let phone = try? PhoneNumber(parsing: "+" + trimmed) { return phone.e164 }
        return nil
    }
}
