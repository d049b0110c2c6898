package dev.daemonset.operator.plan;

/** What the history planner needs of a ControllerRevision: its identity and the template it holds. */
/**
 * One ControllerRevision as the history needs it.
 *
 * @param templateKey what makes two templates the same template (their defaulted canonical JSON)
 */
public record RevisionInfo(String name, String hash, long revision, String templateKey) {}
