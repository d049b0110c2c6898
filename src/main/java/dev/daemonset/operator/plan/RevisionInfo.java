package dev.daemonset.operator.plan;

/** What the history planner needs of a ControllerRevision: its identity and the template it holds. */
public record RevisionInfo(String name, String hash, long revision, String canonicalTemplate) {}
