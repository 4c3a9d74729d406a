# vstream: build, install, run, check, bench. Plain GNU make + pkg-config.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
LIBEXECDIR	?= $(PREFIX)/libexec/vstream
DATADIR		?= $(PREFIX)/share/vstream
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc
UNITDIR		?= $(PREFIX)/lib/systemd/system

VERSION		= 0.1.0
SOMAJOR		= 0
LIBNAME		= libvstream.so
SONAME		= $(LIBNAME).$(SOMAJOR)
LIBFILE		= $(LIBNAME).$(VERSION)

PKGS		= json-c hiredis libpq libxcrypt fcgi libjwt libcrypto zlib
# Only vstream-worker links libav*: the FastCGI programs never map it.
MEDIA_PKGS	= libavformat libavcodec libavutil libswscale libswresample libavfilter
CC		?= cc
OPT		?= -O2
CFLAGS		?= $(OPT) -g
CFLAGS		+= -DVS_VERSION='"$(VERSION)"' -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
		   -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -DVS_DATADIR='"$(DATADIR)"' -Ilib \
		   -pthread $(shell pkg-config --cflags $(PKGS) $(MEDIA_PKGS))
LIBS		= -pthread $(shell pkg-config --libs $(PKGS)) -lm
MEDIA_LIBS	= $(shell pkg-config --libs $(MEDIA_PKGS))
RPATH		= -Wl,-rpath,'$$ORIGIN/../lib:$$ORIGIN/../../lib'

# The media code, a static archive for vstream-worker (and tests that use
# it); libvstream is the rest.
MEDIA_SRCS	= lib/media.c lib/rendition.c lib/storyboard.c lib/subtitle.c \
		  lib/transcode.c lib/worker.c
MEDIA_OBJS	= $(MEDIA_SRCS:.c=.o)
MEDIA_LIB	= lib/libvsmedia.a
LIB_SRCS	= $(filter-out $(MEDIA_SRCS),$(sort $(wildcard lib/*.c)))
LIB_OBJS	= $(LIB_SRCS:.c=.o)
LIB_HDRS	= $(wildcard lib/*.h)
# The library exports only what the programs use, listed in the map that
# `make exports` writes; the unit tests link every object statically
# instead, so that they may test what is not exported.
LIB_MAP		= lib/libvstream.map
TEST_LIB	= lib/libvstream-test.a
PROG_OBJS	= $(patsubst %.c,%.o,$(wildcard cgi/*-fcgi.c)) \
		  $(UPLOAD_OBJS) $(VIDEOS_OBJS) worker/vstream-worker.o \
		  tools/vstreamctl.o
CGIS		= cgi/admin.fcgi cgi/auth.fcgi cgi/stream.fcgi cgi/upload.fcgi \
		  cgi/videos.fcgi
PROGS		= $(CGIS) worker/vstream-worker tools/vstreamctl

# Unit tests need no services and no root (make test-unit); the others
# need the PostgreSQL and Redis that tests/run.sh starts.
DB_TESTS	= tests/test_cache tests/test_db tests/test_session \
		  tests/test_upsession tests/test_playlist
UNIT_TESTS	= $(filter-out $(DB_TESTS), \
		    $(patsubst %.c,%,$(wildcard tests/test_*.c)))
TESTS		= $(UNIT_TESTS) $(DB_TESTS)
FUZZERS		= $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps vendor install install-site run stop check unit test-unit \
	exports asan fuzz bench bench-transcode bench-serve bench-upload \
	bench-listing bench-progressive load man clean deb check-deb

all: lib/$(LIBNAME) $(PROGS) vendor

# Objects keep default visibility so that the static test archive reaches
# everything; the version script hides from the shared library what the
# programs do not use, as -fvisibility=hidden would, with one generated
# list instead of a mark on every declaration.
lib/%.o: lib/%.c $(LIB_HDRS)
	$(CC) $(CFLAGS) -fPIC -fvisibility=default -c -o $@ $<

lib/$(LIBFILE): $(LIB_OBJS) $(LIB_MAP)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs \
	    -Wl,--version-script=$(LIB_MAP) -o $@ $(LIB_OBJS) $(LIBS)

lib/$(SONAME) lib/$(LIBNAME): lib/$(LIBFILE)
	ln -sf $(LIBFILE) $@

$(MEDIA_LIB): $(MEDIA_OBJS)
	rm -f $@
	$(AR) rcs $@ $(MEDIA_OBJS)

$(PROG_OBJS): %.o: %.c $(LIB_HDRS)
	$(CC) $(CFLAGS) -c -o $@ $<

cgi/%.fcgi: cgi/%-fcgi.o lib/$(LIBNAME) lib/$(SONAME)
	$(CC) $(CFLAGS) -o $@ $< -Llib -lvstream $(LIBS) $(RPATH)

# upload.fcgi keeps its handlers in more files than its main.
UPLOAD_OBJS	= cgi/upload-form.o cgi/upload-tus.o
cgi/upload-fcgi.o $(UPLOAD_OBJS): cgi/upload.h

cgi/upload.fcgi: cgi/upload-fcgi.o $(UPLOAD_OBJS) lib/$(LIBNAME) \
    lib/$(SONAME)
	$(CC) $(CFLAGS) -o $@ cgi/upload-fcgi.o $(UPLOAD_OBJS) -Llib -lvstream \
	    $(LIBS) $(RPATH)

# videos.fcgi too: the catalog in videos-fcgi.c, each feature's handlers
# in a file of their own.
VIDEOS_OBJS	= cgi/videos-channel.o cgi/videos-comments.o cgi/videos-playlists.o
cgi/videos-fcgi.o $(VIDEOS_OBJS): cgi/videos.h

cgi/videos.fcgi: cgi/videos-fcgi.o $(VIDEOS_OBJS) lib/$(LIBNAME) \
    lib/$(SONAME)
	$(CC) $(CFLAGS) -o $@ cgi/videos-fcgi.o $(VIDEOS_OBJS) -Llib -lvstream \
	    $(LIBS) $(RPATH)

worker/vstream-worker: worker/vstream-worker.o $(MEDIA_LIB) lib/$(LIBNAME) \
    lib/$(SONAME)
	$(CC) $(CFLAGS) -o $@ $< $(MEDIA_LIB) -Llib -lvstream $(MEDIA_LIBS) \
	    $(LIBS) $(RPATH)

tools/vstreamctl: tools/vstreamctl.o lib/$(LIBNAME) lib/$(SONAME)
	$(CC) $(CFLAGS) -o $@ $< -Llib -lvstream $(LIBS) $(RPATH)

$(TEST_LIB): $(LIB_OBJS) $(MEDIA_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS) $(MEDIA_OBJS)

tests/test_%: tests/test_%.c tests/runner.h $(TEST_LIB) $(LIB_HDRS)
	$(CC) $(CFLAGS) -DSRCDIR='"$(CURDIR)"' -o $@ $< $(TEST_LIB) \
	    $(MEDIA_LIBS) $(LIBS) $(shell pkg-config --cflags --libs check)

# Write the map of exported symbols afresh from what the programs and the
# media archive use; run it when a program starts using another function.
exports: $(LIB_OBJS) $(MEDIA_OBJS) $(PROG_OBJS)
	sh tools/exports.sh map "$(LIB_OBJS)" "$(MEDIA_OBJS) $(PROG_OBJS)" \
	    > $(LIB_MAP).new
	mv $(LIB_MAP).new $(LIB_MAP)

print-%:
	@echo $($*)

# Front-end packages from npm, pinned by package-lock.json.
vendor: htdocs/vendor/.stamp
htdocs/vendor/.stamp: package.json package-lock.json tools/vendor.sh
	sh tools/vendor.sh
	touch $@

deps:
	sh tools/deps.sh

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(SYSCONFDIR)/vstream $(DESTDIR)$(UNITDIR)
	install -m 755 lib/$(LIBFILE) $(DESTDIR)$(LIBDIR)/
	ln -sf $(LIBFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/$(LIBNAME)
	install -m 755 $(CGIS) $(DESTDIR)$(LIBEXECDIR)/
	install -m 755 worker/vstream-worker tools/vstreamctl $(DESTDIR)$(BINDIR)/
	cp -R templates htdocs schema $(DESTDIR)$(DATADIR)/
	rm -f $(DESTDIR)$(DATADIR)/htdocs/vendor/.stamp
	install -m 644 vstream.conf $(DESTDIR)$(SYSCONFDIR)/vstream/vstream.conf.example
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	sed -e 's|@BINDIR@|$(BINDIR)|' worker/vstream-worker.service \
	    > $(DESTDIR)$(UNITDIR)/vstream-worker.service

# Shared hosting: the install above into PREFIX (a folder of one's own),
# then the web folder DEST with its wrappers and .htaccess files (see
# tools/install-site.sh for CONFIG, MODE, BODY_MAX, URL, DB_URL, REDIS_URL).
install-site: all
	@test -n "$(DEST)" -a "$(origin PREFIX)" != file || \
	    { echo "usage: make install-site DEST=web-folder PREFIX=folder [CONFIG=file]"; exit 64; }
	$(MAKE) -s install PREFIX='$(PREFIX)' SYSCONFDIR='$(PREFIX)/etc'
	DEST='$(DEST)' PREFIX='$(PREFIX)' CONFIG='$(CONFIG)' MODE='$(MODE)' \
	    BODY_MAX='$(BODY_MAX)' URL='$(URL)' DB_URL='$(DB_URL)' \
	    REDIS_URL='$(REDIS_URL)' sh tools/install-site.sh

run: deps all
	bash tools/run.sh

stop:
	bash tools/stack.sh stop var

unit: $(TESTS)

test-unit: $(UNIT_TESTS)
	@rc=0; for t in $(UNIT_TESTS); do ./$$t || rc=1; done; exit $$rc

check: deps all $(TESTS)
	bash tests/run.sh

# The same suite with AddressSanitizer and UndefinedBehaviorSanitizer; any
# report fails the test that triggered it.
SANITIZE	= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=all
asan:
	$(MAKE) clean
	$(MAKE) check OPT="$(SANITIZE)"
	$(MAKE) clean

fuzz:
	bash tests/fuzz/run.sh

# Longer runs on loopback: wrk at 64 connections, 16 uploads at once, 4
# workers on one queue.
load: all
	sh tools/deps.sh bench
	bash tests/load/run.sh

# Every benchmark, then one table, written with the machine and a chart
# per family to docs/benchmarks.md. BENCH_QUICK=1: smaller, for trying.
bench: all
	sh tools/deps.sh bench
	bash bench/run.sh

bench-serve bench-transcode bench-upload bench-listing: all
	sh tools/deps.sh bench
	BENCH_ONLY=$(@:bench-%=%) bash bench/run.sh

bench-progressive: all
	bash bench/progressive.sh

# The Debian package, made by dpkg-buildpackage in a copy of the tree (its
# tracked and new files, and htdocs/vendor), so that the tree stays clean;
# rebuilt only when one of those files changed. check-deb installs it,
# runs the behaviour tests through it and purges it (root only).
DEBDIR		?= /tmp/vstream-deb.$(shell printf %s "$(CURDIR)" | cksum | cut -d' ' -f1)
DEB		= $(DEBDIR)/vstream_$(VERSION)_$(shell dpkg --print-architecture).deb
# (Not man/vstream.conf.5, which the package's build makes from README.)
DEB_SRCS	= $(filter-out man/vstream.conf.5, \
		  $(wildcard $(shell git ls-files -co --exclude-standard)))
deb: $(DEB)
	@echo "deb: $(DEB)"
$(DEB): $(DEB_SRCS) htdocs/vendor/.stamp
	rm -rf $(DEBDIR)
	mkdir -p $(DEBDIR)/vstream-$(VERSION)
	git ls-files -z -co --exclude-standard | tar --null -T - \
	    --ignore-failed-read -cf - 2>/dev/null | \
	    tar -xf - -C $(DEBDIR)/vstream-$(VERSION)
	cp -pR htdocs/vendor $(DEBDIR)/vstream-$(VERSION)/htdocs/
	cd $(DEBDIR)/vstream-$(VERSION) && dpkg-buildpackage -b -us -uc \
	    > $(DEBDIR)/build.log 2>&1 || { tail -n 40 $(DEBDIR)/build.log; exit 1; }

check-deb: deps all
	ONLY=tests/deb/ bash tests/run.sh

# vstream.conf(5) is made from README's configuration table; make check
# fails when the two differ.
man: man/vstream.conf.5
man/vstream.conf.5: README.md tools/man-conf.sh
	sh tools/man-conf.sh README.md > $@

clean:
	rm -f lib/*.o cgi/*.o lib/$(LIBNAME)* $(MEDIA_LIB) $(TEST_LIB) \
	    $(PROG_OBJS) $(PROGS) $(TESTS) $(FUZZERS)
