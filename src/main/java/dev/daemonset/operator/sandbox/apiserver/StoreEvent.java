package dev.daemonset.operator.sandbox.apiserver;

import tools.jackson.databind.JsonNode;

/**
 * One change in the object store.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the new state, or the last state for DELETED
 * @param oldObject the previous state, or null for ADDED
 * @param resourceVersion the store's resourceVersion after the change
 */
public record StoreEvent(String type, JsonNode object, JsonNode oldObject, long resourceVersion) {}
