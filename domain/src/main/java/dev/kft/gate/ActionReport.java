package dev.kft.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gate did to an image, in a form a notification can say in one sentence.
 *
 * @param action      the action taken
 * @param imageGone   the image no longer existed when the gate came to act
 * @param tagsAdded   deploy tags added (promotion)
 * @param tagsInPlace deploy tags that already named the image
 * @param tagsHeld    deploy tags another image holds immutably (not moved)
 * @param tagsRemoved deploy tags removed (flag)
 * @param tagsKept    tags the image keeps (flag)
 * @param deleted     the image was deleted
 */
public record ActionReport(GateAction action, boolean imageGone, List<String> tagsAdded, List<String> tagsInPlace,
                           List<String> tagsHeld, List<String> tagsRemoved, List<String> tagsKept, boolean deleted) {

    public ActionReport {
        tagsAdded = List.copyOf(tagsAdded);
        tagsInPlace = List.copyOf(tagsInPlace);
        tagsHeld = List.copyOf(tagsHeld);
        tagsRemoved = List.copyOf(tagsRemoved);
        tagsKept = List.copyOf(tagsKept);
    }

    static ActionReport gone(GateAction action) {
        return new ActionReport(action, true, List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }

    static ActionReport of(GateAction action) {
        return new ActionReport(action, false, List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }

    /** One sentence for people. */
    public String summary() {
        if (imageGone) {
            return action == GateAction.DELETE ? "DELETE: the image was already gone."
                    : action + ": nothing done, the image no longer exists.";
        }
        return switch (action) {
            case PROMOTE -> promotion();
            case RECORD -> "RECORDED: promotion is off, builds push their deploy tags themselves.";
            case FLAG -> flag();
            case DELETE -> "DELETED: the image and all its tags were removed; its findings stay recorded in the build ledger.";
        };
    }

    private String promotion() {
        if (tagsAdded.isEmpty() && tagsInPlace.isEmpty() && tagsHeld.isEmpty()) {
            return "PROMOTE: no deploy tags to add (no build of this stack recorded any for this image).";
        }
        List<String> parts = new ArrayList<>();
        if (!tagsAdded.isEmpty()) {
            parts.add("added " + String.join(", ", tagsAdded));
        }
        if (!tagsInPlace.isEmpty()) {
            parts.add("already in place " + String.join(", ", tagsInPlace));
        }
        if (!tagsHeld.isEmpty()) {
            parts.add("not moved, held by another image as immutable tags: " + String.join(", ", tagsHeld));
        }
        return "PROMOTED: " + String.join("; ", parts) + ".";
    }

    private String flag() {
        if (tagsKept.isEmpty()) {
            return "FLAGGED, tags left in place: the image has no commit tag to keep, and removing its last tag would delete it."
                    + " Remove it by hand or use the DELETE action.";
        }
        String removed = tagsRemoved.isEmpty() ? "it had no deploy tags" : "removed deploy tags " + String.join(", ", tagsRemoved);
        return "FLAGGED: " + removed + "; the image keeps only " + String.join(", ", tagsKept) + ". Do not deploy it.";
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("action", action.name());
        map.put("summary", summary());
        map.put("imageGone", imageGone);
        map.put("tagsAdded", tagsAdded);
        map.put("tagsInPlace", tagsInPlace);
        map.put("tagsHeld", tagsHeld);
        map.put("tagsRemoved", tagsRemoved);
        map.put("tagsKept", tagsKept);
        map.put("deleted", deleted);
        return map;
    }
}
