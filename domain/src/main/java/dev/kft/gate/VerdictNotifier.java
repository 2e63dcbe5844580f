package dev.kft.gate;

import java.util.List;
import java.util.Map;

/** Publishes a "Scan Gate Verdict" event; a rule in the template mails the dirty and unscanned ones. */
@FunctionalInterface
public interface VerdictNotifier {
    String DETAIL_TYPE = "Scan Gate Verdict";

    void publish(Map<String, Object> detail, List<String> resources);
}
