package dev.ferry.functions.notifications;

/**
 * One email to send. {@code id} is {@code <event id>#<template>}: the unit of "once", so one event never
 * yields the same email twice, while one event could feed several templates.
 */
public record Email(String id, String eventId, String template, String to, String subject, String body, String correlationId) {

    public static String id(String eventId, String template) {
        return eventId + "#" + template;
    }
}
