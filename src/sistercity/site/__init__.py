"""The course without a kernel: a static website, printable handouts and slides, built from the lessons.

``sistercity site`` (see :func:`sistercity.site.build.build_site`) lays out a Sphinx source from the
MyST lessons, the syllabus, the lecturer guide and the datasets, executes the lessons with myst-nb
(cached, so an unchanged lesson is not executed again), then prints the handouts with Chromium and
writes one reveal.js deck per lesson. The result is one folder that works from a USB stick.
"""
