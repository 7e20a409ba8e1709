package dev.ferry.local.faults.outage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The outage part of a fault plan: which services the functions reach through an outage proxy (so that an
 * outage can be switched on and off while the system runs) and, optionally, an outage that starts by itself.
 *
 * <p>Text form, inside {@code FERRY_FAULTS} / {@code --faults}:
 * <ul>
 *   <li>{@code outage-switch:sns|kinesis}: route these services through the proxy; no outage yet
 *       ({@code LocalSystem#faults()} starts and ends them).</li>
 *   <li>{@code outage:sns|kinesis}: route them and start an outage, from the start of the system unless
 *       {@code outage-after} says otherwise, until ended (or for {@code outage-for}).</li>
 *   <li>{@code outage-functions:dev-OutboxRelay|...}: that outage hits these functions only (default: all).</li>
 *   <li>{@code outage-kind:unavailable|internal-error|throttling} (default {@code unavailable}).</li>
 *   <li>{@code outage-after:20s}, {@code outage-for:1m}: when it starts and how long it lasts
 *       ({@code ms}, {@code s}, {@code m}, {@code h}).</li>
 * </ul>
 * With none of these keys nothing is routed through a proxy and the functions talk to the services directly.
 */
public record OutagePlan(Set<OutageService> switchable, Optional<Scheduled> scheduled) {

    /** An outage the system starts by itself, {@code after} its start, for {@code lasting} (or until ended). */
    public record Scheduled(Outage outage, Duration after, Optional<Duration> lasting) {
        public Scheduled {
            if (after.isNegative()) {
                throw new IllegalArgumentException("outage-after must not be negative, was " + after);
            }
            lasting.ifPresent(d -> {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("outage-for must be positive, was " + d);
                }
            });
        }
    }

    static final String OUTAGE = "outage";
    static final String SWITCH = "outage-switch";
    static final String FUNCTIONS = "outage-functions";
    static final String KIND = "outage-kind";
    static final String AFTER = "outage-after";
    static final String FOR = "outage-for";
    private static final List<String> KEYS = List.of(OUTAGE, SWITCH, FUNCTIONS, KIND, AFTER, FOR);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    public OutagePlan {
        EnumSet<OutageService> all = EnumSet.noneOf(OutageService.class);
        all.addAll(switchable);
        scheduled.ifPresent(s -> all.addAll(s.outage().services()));
        switchable = Collections.unmodifiableSet(all);
    }

    public static OutagePlan none() {
        return new OutagePlan(Set.of(), Optional.empty());
    }

    /** Routes these services through the outage proxy, so that outages can be started at run time. */
    public static OutagePlan switchable(OutageService first, OutageService... more) {
        return new OutagePlan(EnumSet.of(first, more), Optional.empty());
    }

    /** An outage from the start of the system until it is ended. */
    public static OutagePlan from(Outage outage) {
        return new OutagePlan(Set.of(), Optional.of(new Scheduled(outage, Duration.ZERO, Optional.empty())));
    }

    /** Whether a key of the fault plan's text form belongs to outages (a misspelt one too, to be reported here). */
    public static boolean isKey(String key) {
        return key.trim().toLowerCase(Locale.ROOT).startsWith(OUTAGE);
    }

    /** Parses the outage entries of a fault plan ({@code key -> value}, keys as {@link #isKey} accepts). */
    public static OutagePlan parse(Map<String, String> entries) {
        Map<String, String> byKey = new LinkedHashMap<>();
        entries.forEach((k, v) -> byKey.put(k.trim().toLowerCase(Locale.ROOT), v.trim()));
        for (String key : byKey.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown outage key '" + key + "': use " + String.join(", ", KEYS));
            }
        }
        Set<OutageService> switchable = byKey.containsKey(SWITCH) ? services(SWITCH, byKey.get(SWITCH)) : Set.of();
        if (!byKey.containsKey(OUTAGE)) {
            List<String> orphans = byKey.keySet().stream().filter(k -> !k.equals(SWITCH)).toList();
            if (!orphans.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", orphans) + " describe the outage that outage:<services>"
                        + " starts, e.g. outage:sns|kinesis,outage-functions:dev-OutboxRelay; without it, start outages"
                        + " at run time (LocalSystem#faults().startOutage) on the services of outage-switch:sns|kinesis");
            }
            return new OutagePlan(switchable, Optional.empty());
        }
        Set<String> functions = new LinkedHashSet<>();
        if (byKey.containsKey(FUNCTIONS)) {
            for (String f : byKey.get(FUNCTIONS).split("\\|")) {
                if (!f.isBlank()) {
                    functions.add(f.trim());
                }
            }
        }
        OutageKind kind = byKey.containsKey(KIND) ? OutageKind.ofKey(byKey.get(KIND)) : OutageKind.UNAVAILABLE;
        Outage outage = new Outage(services(OUTAGE, byKey.get(OUTAGE)), functions, kind);
        Duration after = byKey.containsKey(AFTER) ? duration(AFTER, byKey.get(AFTER)) : Duration.ZERO;
        Optional<Duration> lasting = byKey.containsKey(FOR) ? Optional.of(duration(FOR, byKey.get(FOR))) : Optional.empty();
        return new OutagePlan(switchable, Optional.of(new Scheduled(outage, after, lasting)));
    }

    private static Set<OutageService> services(String key, String value) {
        EnumSet<OutageService> services = EnumSet.noneOf(OutageService.class);
        for (String s : value.split("\\|")) {
            if (!s.isBlank()) {
                services.add(OutageService.ofKey(s));
            }
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException(key + " needs services, e.g. " + key + ":sns|kinesis");
        }
        return services;
    }

    private static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + ":" + value + " needs a duration such as 500ms, 20s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    public boolean isEmpty() {
        return switchable.isEmpty();
    }

    /** The text form; {@link #parse} of its entries gives this plan back. */
    public List<String> entries() {
        List<String> entries = new ArrayList<>();
        scheduled.ifPresent(s -> {
            entries.add(OUTAGE + ":" + keys(s.outage().services()));
            if (!s.outage().functions().isEmpty()) {
                entries.add(FUNCTIONS + ":" + String.join("|", s.outage().functions()));
            }
            if (s.outage().kind() != OutageKind.UNAVAILABLE) {
                entries.add(KIND + ":" + s.outage().kind().key());
            }
            if (!s.after().isZero()) {
                entries.add(AFTER + ":" + text(s.after()));
            }
            s.lasting().ifPresent(d -> entries.add(FOR + ":" + text(d)));
        });
        Set<OutageService> onlySwitchable = EnumSet.noneOf(OutageService.class);
        onlySwitchable.addAll(switchable);
        scheduled.ifPresent(s -> onlySwitchable.removeAll(s.outage().services()));
        if (!onlySwitchable.isEmpty()) {
            entries.add(SWITCH + ":" + keys(onlySwitchable));
        }
        return entries;
    }

    private static String keys(Set<OutageService> services) {
        return services.stream().map(OutageService::key).collect(Collectors.joining("|"));
    }

    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return entries().isEmpty() ? "no outages" : String.join(",", entries());
    }
}
