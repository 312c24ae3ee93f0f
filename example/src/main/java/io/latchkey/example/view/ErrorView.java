package io.latchkey.example.view;

/** A failed request, shown as a page: the status, what went wrong, and where to go next. */
public record ErrorView(int status, Problem problem, Header header) {}
