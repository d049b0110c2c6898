package dev.daemonset.operator.sandbox.apiserver;

import tools.jackson.databind.JsonNode;

/**
 * One change in the object store.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the new state, or the last state for DELETED (shared by all listeners: do not modify)
 * @param resourceVersion the store's resourceVersion after the change
 */
public record StoreEvent(String type, JsonNode object, long resourceVersion) {}
