import Switchboard

/// The traffic `switchboard demo` sends: a realistic mix of destinations (Europe-heavy, with
/// North America and a long tail), message kinds (one-time passwords, notifications, marketing
/// broadcasts, multi-part and Unicode texts) and a few numbers that are simply wrong — the way
/// an app's real traffic looks. Deterministic: the same count gives the same messages.
enum DemoTraffic {
    /// One destination of the mix.
    struct Destination: Sendable {
        /// ISO code (for the summary).
        var country: String
        /// Share of the traffic, per mille.
        var weight: Int
        /// E.164 prefix of generated mobile numbers.
        var prefix: String
        /// Digits appended to the prefix.
        var digits: Int
        /// Share of this country's messages tagged `otp` / `marketing`, percent.
        var otp: Int = 10
        var marketing: Int = 10
    }

    /// Destinations with their weights (per mille, adding up to 1,000 with ``invalidPerMille``).
    static let destinations: [Destination] = [
        Destination(country: "NL", weight: 180, prefix: "+316", digits: 8, otp: 30),
        Destination(country: "DE", weight: 140, prefix: "+49151", digits: 8, marketing: 25),
        Destination(country: "GB", weight: 120, prefix: "+447700", digits: 6),
        Destination(country: "US", weight: 120, prefix: "+1415555", digits: 4),
        Destination(country: "FR", weight: 100, prefix: "+336", digits: 8, marketing: 25),
        Destination(country: "ES", weight: 70, prefix: "+346", digits: 8),
        Destination(country: "IT", weight: 70, prefix: "+39347", digits: 7),
        Destination(country: "BE", weight: 50, prefix: "+32470", digits: 6, marketing: 25),
        Destination(country: "PL", weight: 40, prefix: "+48512", digits: 6),
        Destination(country: "SE", weight: 30, prefix: "+4670", digits: 7),
        Destination(country: "CA", weight: 20, prefix: "+1604555", digits: 4),
        Destination(country: "AT", weight: 20, prefix: "+43664", digits: 7),
        Destination(country: "IE", weight: 10, prefix: "+35387", digits: 7),
        Destination(country: "BR", weight: 10, prefix: "+551199", digits: 7),
        Destination(country: "IN", weight: 9, prefix: "+9198", digits: 8),
        Destination(country: "AU", weight: 8, prefix: "+614", digits: 8),
    ]

    /// Per mille of messages whose number is wrong (too short, letters): refused before routing.
    static let invalidPerMille = 3

    /// `count` messages in the mix.
    static func messages(_ count: Int) -> [Message] {
        var generator = SeededGenerator(seed: 0x5EED_2026)
        var messages: [Message] = []
        messages.reserveCapacity(count)
        for index in 0..<count {
            let roll = Int(generator.next() % 1000)
            guard roll >= invalidPerMille else {
                messages.append(Message(to: index % 2 == 0 ? "+31 6 12" : "+44 7700 CALLME", text: "Your code is 000000",
                                        from: "Switchboard", tag: "otp"))
                continue
            }
            var cumulative = invalidPerMille
            let destination = destinations.first { cumulative += $0.weight; return roll < cumulative } ?? destinations[0]
            messages.append(message(index, to: destination, random: generator.next()))
        }
        return messages
    }

    private static func message(_ index: Int, to destination: Destination, random: UInt64) -> Message {
        var digits = String(random % 100_000_000_000)
        digits = String(repeating: "0", count: max(0, destination.digits - digits.count)) + digits
        let number = destination.prefix + digits.suffix(destination.digits)
        let northAmerica = destination.prefix.hasPrefix("+1")
        let from = northAmerica ? "+14155550100" : "Switchboard"
        let kind = Int((random >> 40) % 100)
        if kind < destination.otp {
            return Message(to: number, text: "Your Switchboard code is \(100_000 + Int(random % 900_000)). It expires in 10 minutes.",
                           from: from, tag: "otp")
        }
        if kind < destination.otp + destination.marketing {
            return Message(to: number, text: "Winter sale: 20% off everything this weekend only. Reply STOP to opt out.",
                           from: from, tag: "marketing")
        }
        switch kind % 10 {
        case 0:
            return Message(to: number, text: "Hello 👋 your table for 2 is ready. See you soon!", from: from)
        case 1:
            return Message(to: number, text: """
                Your order #\(index) has shipped and will arrive tomorrow between 09:00 and 13:00. Track it at \
                https://example.com/t/\(index). If nobody is home, the courier leaves it with a neighbour or at the \
                nearest pick-up point.
                """, from: from)
        default:
            return Message(to: number, text: "Reminder: your appointment #\(index) is tomorrow at 10:30.", from: from)
        }
    }
}
