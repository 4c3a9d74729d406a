#!/bin/bash
# subtitles.sh: text subtitle streams inside uploaded sources become
# caption tracks: an MP4 with mov_text in English and French uploaded
# through lighttpd, an MKV with SubRip and ASS through Apache; the captions
# API marks them embedded, the files have the cues at their times as plain
# text, the master lists them, ffmpeg reads it. A source with a stream
# without a language, a language twice and a language the owner uploaded
# has each skip recorded and shown, and the upload kept; a new transcode
# replaces the skips. Cues past the video's end are dropped or cut, also
# when a new transcode measured the video.
# Usage: subtitles.sh STATE LIGHTTPD_BASE APACHE_BASE
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
clip_suite "$1"
base_l=$2 base_a=$3
owner=s_own$sfx
pass="a good long password"
printf '%s\n' "$pass" | "$ctl" user add "$owner" >/dev/null
base=$base_l
tok=$(token "$owner")
A="Authorization: Bearer $tok"

printf '1\n00:00:00,500 --> 00:00:01,500\n<i>Hello</i> & welcome\n\n2\n00:00:02,000 --> 00:00:03,250\nTwo lines\nof text\n' \
    > "$clips/en.srt"
printf '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Bonjour\n\n2\n00:00:04,000 --> 00:00:05,000\nAu revoir <b>x</b>\n' \
    > "$clips/fr.srt"
printf 'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello &amp; welcome\n\n00:00:02.000 --> 00:00:03.250\nTwo lines\nof text\n' \
    > "$clips/en.vtt"
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n\n00:00:04.000 --> 00:00:05.000\nAu revoir x\n' \
    > "$clips/fr.vtt"
printf 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nmine\n' > "$clips/mine.vtt"
v="testsrc2=size=320x180:rate=25:duration=6"
ff() { ffmpeg -v error -y -f lavfi -i "$v" "$@"; }
enc="-c:v libx264 -preset ultrafast -pix_fmt yuv420p"
# shellcheck disable=SC2086
ff -i "$clips/en.srt" -i "$clips/fr.srt" -map 0 -map 1 -map 2 $enc \
    -c:s mov_text -metadata:s:s:0 language=eng -metadata:s:s:1 language=fre \
    "$clips/two.mp4"
# shellcheck disable=SC2086
ff -i "$clips/en.srt" -i "$clips/fr.srt" -map 0 -map 1 -map 2 $enc \
    -c:s:0 subrip -c:s:1 ass -metadata:s:s:0 language=ger \
    -metadata:s:s:0 "title=Deutsch (SDH)" -metadata:s:s:1 language=spa \
    "$clips/two.mkv"
# Hostile times: a cue before the video starts (dropped), one that
# starts before it (moved to 0), two that overlap (kept, in order).
printf '1\n00:00:00,200 --> 00:00:00,800\ngone\n\n2\n00:00:00,500 --> 00:00:01,500\nearly\n\n3\n00:00:02,000 --> 00:00:04,000\nlong\n\n4\n00:00:02,500 --> 00:00:03,000\noverlap\n' \
    > "$clips/ja.srt"
printf 'WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nearly\n\n00:00:01.000 --> 00:00:03.000\nlong\n\n00:00:01.500 --> 00:00:02.000\noverlap\n' \
    > "$clips/ja.vtt"
# Streams 1 to 5: no language, English, English again, German, Japanese
# a second early (the video starts 0.8 s into the file).
# shellcheck disable=SC2086
ff -i "$clips/en.srt" -itsoffset -1 -i "$clips/ja.srt" -map 0 -map 1 \
    -map 1 -map 1 -map 1 -map 2 $enc -c:s subrip \
    -metadata:s:s:0 language=und -metadata:s:s:1 language=eng \
    -metadata:s:s:2 language=eng -metadata:s:s:3 language=deu \
    -metadata:s:s:4 language=jpn "$clips/odd.mkv"
# A cue well past the 6 s video (which stretches the container to an
# hour): dropped; one running past the video's end: cut there.
printf '1\n00:00:01,000 --> 00:00:02,000\nkept\n\n2\n00:00:05,000 --> 00:00:09,000\ncut\n\n3\n01:00:00,000 --> 01:00:02,000\nlate\n' \
    > "$clips/late.srt"
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nkept\n\n00:00:05.000 --> 00:00:06.000\ncut\n' \
    > "$clips/late.vtt"
# shellcheck disable=SC2086
ff -i "$clips/late.srt" -map 0 -map 1 $enc -c:s subrip \
    -metadata:s:s:0 language=ita "$clips/late.mkv"

req POST "$base_l/api/v1/videos/upload" -H "$A" -F "file=@$clips/two.mp4" \
    -F "title=subtitles mp4 $sfx" -F visibility=public
expect "lighttpd: the MP4 with two subtitle streams is uploaded" is "$status" 201
mp4=$(json b.id)
req POST "$base_a/api/v1/videos/upload" -H "$A" -F "file=@$clips/two.mkv" \
    -F "title=subtitles mkv $sfx" -F visibility=public
expect "apache: the MKV with SubRip and ASS is uploaded" is "$status" 201
mkv=$(json b.id)
odd=$(as_site "$ctl" video import -u "$owner" -t "subtitles odd $sfx" "$clips/odd.mkv")
req PUT "$base_l/api/v1/videos/$odd/captions/de?label=Mine" -H "$A" \
    -H 'Content-Type: text/vtt' --data-binary "@$clips/mine.vtt"
expect "the owner uploads German captions before the transcode" is "$status" 201
late=$(as_site "$ctl" video import -u "$owner" -t "subtitles late $sfx" "$clips/late.mkv")
transcode "$worker" "$mp4" "$mkv" "$odd" "$late"
for id in "$mp4" "$mkv" "$odd" "$late"; do
	expect "$id is ready" is "$(sql "SELECT status FROM videos WHERE id = '$id'")" ready
done

# tracks NAME BASE VIDEO LANGS LABELS: the captions API lists them embedded.
tracks() {
	req GET "$2/api/v1/videos/$3/captions" -H "$A"
	expect "$1: the captions API lists $4" is "$(json 'b.items.map(i => i.lang).join()')" "$4"
	expect "$1: ... labelled $5" is "$(json 'b.items.map(i => i.label).join()')" "$5"
	expect "$1: ... from the source" is "$(json 'b.items.map(i => i.source + i.embedded).join()')" \
	    "$(printf '%s' "$4" | sed 's/[^,]*/embeddedtrue/g')"
	expect "$1: ... nothing skipped" is "$(json 'b.skipped.length')" 0
}
# cues NAME BASE VIDEO LANG FILE: the stored track is FILE.
cues() {
	req GET "$2/api/v1/videos/$3/captions/$4"
	expect "$1: the $4 track is 200" is "$status" 200
	if cmp -s "$work/body" "$5"; then pass; else
		fail "$1: ... its cues, times and plain text are the source's"
		diff "$work/body" "$5" >&2
	fi
}
# master NAME BASE VIDEO LANG...: the master lists a rendition per language.
master() {
	local name=$1 base=$2 id=$3 l
	shift 3
	req GET "$base/api/videos/$id/hls/master.m3u8"
	for l in "$@"; do
		expect "$name: the master has the $l subtitles" body_has \
		    "TYPE=SUBTITLES,GROUP-ID=\"subs\","
		expect "$name: ... LANGUAGE=\"$l\"" body_has "LANGUAGE=\"$l\""
	done
	expect "$name: ... two renditions" is "$(grep -c 'TYPE=SUBTITLES' "$work/body")" "$#"
	ffmpeg -v error -i "$base/api/videos/$id/hls/master.m3u8" -t 1 -f null - \
	    >/dev/null 2>"$work/ff.err"
	expect "$name: ffmpeg reads the master with them" is "$?" 0
}

for s in "lighttpd $base_l" "apache $base_a"; do
	set -- $s
	tracks "$1 mp4" "$2" "$mp4" en,fr English,French
	cues "$1 mp4" "$2" "$mp4" en "$clips/en.vtt"
	cues "$1 mp4" "$2" "$mp4" fr "$clips/fr.vtt"
	master "$1 mp4" "$2" "$mp4" en fr
	tracks "$1 mkv" "$2" "$mkv" de,es 'Deutsch (SDH),Spanish'
	cues "$1 mkv" "$2" "$mkv" de "$clips/en.vtt"
	cues "$1 mkv (ASS)" "$2" "$mkv" es "$clips/fr.vtt"
	master "$1 mkv" "$2" "$mkv" de es
done
req GET "$base_l/api/videos/$mp4/hls/subs/fr/captions.vtt"
expect "the HLS file of an embedded track is WebVTT" body_has 'Au revoir x'

# The odd source: one English track, the rest skipped, the upload kept.
req GET "$base_l/api/v1/videos/$odd/captions" -H "$A"
expect "odd: English taken, the uploaded German kept" is \
    "$(json 'b.items.map(i => i.lang + ":" + i.source).join()')" de:upload,en:embedded,ja:embedded
expect "odd: ... labelled by the table" is "$(json 'b.items.map(i => i.label).join()')" \
    Mine,English,Japanese
expect "odd: three streams skipped" is "$(json 'b.skipped.map(s => s.stream).join()')" 1,3,4
expect "odd: ... one for want of a language" is "$(json 'b.skipped[0].reason')" 'no language tag'
expect "odd: ... one as its language came before" is "$(json 'b.skipped[1].reason')" \
    'a stream before it has the language en'
expect "odd: ... one as the owner uploaded the language" is "$(json 'b.skipped[2].reason')" \
    'a caption track uploaded for de is kept'
expect "odd: ... with codec and language" is "$(json 'b.skipped[2].codec + " " + b.skipped[2].lang')" \
    'subrip de'
req GET "$base_l/api/v1/videos/$odd/captions"
expect "odd: a visitor gets the tracks" is "$(json 'b.items.length')" 3
expect "odd: ... but not the skipped streams" is "$(json 'typeof b.skipped')" undefined
req GET "$base_l/api/v1/videos/$odd/captions/de"
cmp -s "$work/body" "$clips/mine.vtt"
expect "odd: the uploaded German file is untouched" is "$?" 0
cues "odd" "$base_l" "$odd" ja "$clips/ja.vtt"
cues "late" "$base_l" "$late" it "$clips/late.vtt"

jar=$work/jar
req POST "$base_l/api/v1/auth/login" -H 'Content-Type: application/x-www-form-urlencoded' \
    -c "$jar" --data-urlencode "username=$owner" --data-urlencode "password=$pass"
req GET "$base_l/videos/$odd" -b "$jar"
expect "the edit page marks the track from the source" body_has 'from the source'
expect "... and lists the skipped streams" body_has 'id="caption-skips"'
expect "... with their reasons" body_has 'a stream before it has the language en'
req GET "$base_l/videos/$odd"
expect "a visitor does not see the skipped streams" not_has 'caption-skips'

# The owner's upload replaces an embedded track, and stays over a new
# transcode, which records the skips again, once.
req PUT "$base_l/api/v1/videos/$odd/captions/en" -H "$A" \
    -H 'Content-Type: text/vtt' --data-binary "@$clips/mine.vtt"
expect "an upload over an embedded track is 200" is "$status" 200
expect "... and marks it uploaded" is "$(json b.source)" upload
"$ctl" jobs requeue "$odd" >/dev/null
"$ctl" jobs requeue "$late" >/dev/null
transcode "$worker" "$odd" "$late"
req GET "$base_l/api/v1/videos/$odd/captions" -H "$A"
expect "a new transcode keeps both uploads" is \
    "$(json 'b.items.map(i => i.lang + ":" + i.source).join()')" de:upload,en:upload,ja:embedded
expect "... and records the skips anew" is "$(json 'b.skipped.map(s => s.stream).join()')" 1,2,3,4
req GET "$base_l/api/v1/videos/$odd/captions/en"
cmp -s "$work/body" "$clips/mine.vtt"
expect "... the uploaded English file untouched" is "$?" 0
# Now that the video's duration is the measured one, the track cut to it
# is taken again, not refused for a cue past the end.
req GET "$base_l/api/v1/videos/$late/captions" -H "$A"
expect "late: a new transcode takes the track again" is \
    "$(json 'b.items.map(i => i.lang + ":" + i.source).join()')" it:embedded
expect "... and skips nothing" is "$(json 'b.skipped.length')" 0
cues "late, again" "$base_l" "$late" it "$clips/late.vtt"
dir=$VSTREAM_DATA_DIR/media/$late
expect "... and leaves no old ladder nor work folder" is \
    "$(ls -A "$dir" | grep -c -e '^\.old-' -e '^live$')" 0
finish subtitles
