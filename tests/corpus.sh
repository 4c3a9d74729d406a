#!/bin/bash
# corpus.sh: make the kinds of sources people upload, with the ffmpeg
# program, into a folder: HDR phone video (HLG and PQ, 10-bit HEVC),
# anamorphic PAL and NTSC, interlaced 576i and 1080i, full range, BT.601
# SD, 120 fps, 5.1, mono, two audio tracks, no audio, 0.5 s, one frame, a
# 1 fps slideshow, 4K, 8K, ProRes 4:2:2 and 4:4:4 10-bit. Short and small
# except where the size is the point.
# Usage: corpus.sh DIR [NAME...] (every clip without names).
set -eu
dir=$1
shift
mkdir -p "$dir"

ff() { ffmpeg -nostdin -v error -y "$@"; }
x264=(-c:v libx264 -preset ultrafast -pix_fmt yuv420p)
tone=(-f lavfi -i "sine=frequency=440:duration=2,aformat=channel_layouts=stereo")
aac=(-c:a aac -b:a 128k)
# pic SIZE RATE SECONDS: the moving test picture.
pic() { echo "testsrc2=size=$1:rate=$2:duration=$3"; }
# HEVC 10-bit with its colour in the stream and in the container.
x265() {	# x265 PRIMARIES TRANSFER MATRIX [more x265 parameters]
	local p="colorprim=$1:transfer=$2:colormatrix=$3:log-level=error"
	[ $# -gt 3 ] && p="$p:$4"
	echo "-c:v libx265 -preset ultrafast -pix_fmt yuv420p10le -tag:v hvc1
	    -x265-params $p -color_primaries $1 -color_trc $2 -colorspace $3"
}
# A BT.709 picture made into BT.2020 with the given transfer, as a camera's.
hdr_vf() { echo "zscale=pin=bt709:tin=bt709:min=bt709:p=bt2020:t=$1:m=bt2020nc:npl=100,format=yuv420p10le"; }
# Fields from a 50 fps picture, woven into 25 fps frames, TOP or BOTTOM first.
weave() { echo "tinterlace=mode=interleave_$1,setfield=$2"; }

make_hlg() {
	# shellcheck disable=SC2046
	ff -f lavfi -i "$(pic 1280x720 25 2)" "${tone[@]}" -vf "$(hdr_vf arib-std-b67)" \
	    $(x265 bt2020 arib-std-b67 bt2020nc) "${aac[@]}" "$dir/hlg.mp4"
}
make_pq() {
	# shellcheck disable=SC2046
	ff -f lavfi -i "$(pic 1280x720 25 2)" "${tone[@]}" -vf "$(hdr_vf smpte2084)" \
	    $(x265 bt2020 smpte2084 bt2020nc \
	    'hdr10=1:master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)L(10000000,50):max-cll=1000,400') \
	    "${aac[@]}" "$dir/pq.mkv"
}
# anamorphic NAME WxH SAR: stored narrow or wide, shown at another shape.
anamorphic() {
	ff -f lavfi -i "$(pic "$2" 25 2)" "${tone[@]}" -vf "setsar=$3" "${x264[@]}" \
	    "${aac[@]}" "$dir/$1"
}
make_pal169() { anamorphic pal169.mkv 720x576 64/45; }
make_pal43() { anamorphic pal43.mkv 720x576 16/15; }
make_ntsc169() { anamorphic ntsc169.mkv 720x480 32/27; }
make_ntsc43() { anamorphic ntsc43.mkv 720x480 8/9; }
# interlaced NAME WxH top|bottom tff|bff SECONDS
interlaced() {
	local flag=1
	[ "$3" = bottom ] && flag=0
	ff -f lavfi -i "$(pic "$2" 50 "$5")" "${tone[@]}" -vf "$(weave "$3" "$4")" \
	    "${x264[@]}" -flags +ildct+ilme -top "$flag" -field_order "${4:0:1}${4:0:1}" \
	    "${aac[@]}" -shortest "$dir/$1"
}
make_i576tff() { interlaced i576tff.mkv 720x576 top tff 2; }
make_i1080bff() { interlaced i1080bff.mkv 1920x1080 bottom bff 2; }
make_fullrange() {
	ff -f lavfi -i "$(pic 640x360 25 2)" "${tone[@]}" -vf "scale=out_range=pc" \
	    -c:v libx264 -preset ultrafast -pix_fmt yuvj420p -color_range pc \
	    -color_primaries bt709 -color_trc bt709 -colorspace bt709 "${aac[@]}" \
	    "$dir/fullrange.mp4"
}
make_bt601() {
	ff -f lavfi -i "$(pic 640x480 30000/1001 2)" "${tone[@]}" \
	    -vf "scale=out_color_matrix=bt601" "${x264[@]}" -color_primaries smpte170m \
	    -color_trc smpte170m -colorspace smpte170m "${aac[@]}" "$dir/bt601.mp4"
}
make_fps120() {
	ff -f lavfi -i "$(pic 320x240 120 2)" "${tone[@]}" "${x264[@]}" "${aac[@]}" \
	    "$dir/fps120.mp4"
}
# Six tones, one a channel, at the levels a film's mix has them.
make_surround() {
	ff -f lavfi -i "$(pic 320x240 25 2)" -filter_complex \
	    "sine=f=300:d=2[fl];sine=f=400:d=2[fr];sine=f=500:d=2[fc];
	     sine=f=60:d=2[lfe];sine=f=700:d=2[bl];sine=f=800:d=2[br];
	     [fl][fr][fc][lfe][bl][br]join=inputs=6:channel_layout=5.1[a]" \
	    -map 0:v -map '[a]' "${x264[@]}" -c:a aac -b:a 384k "$dir/surround.mp4"
}
make_mono() {
	ff -f lavfi -i "$(pic 320x240 25 2)" "${tone[@]}" "${x264[@]}" -ac 1 "${aac[@]}" \
	    "$dir/mono.mp4"
}
# Two tracks: a loud one first, and the quiet second marked the default.
make_twoaudio() {
	ff -f lavfi -i "$(pic 320x240 25 2)" -f lavfi -i "sine=f=440:d=2" \
	    -f lavfi -i "sine=f=880:d=2" -filter_complex "[2:a]volume=-24dB[q]" \
	    -map 0:v -map 1:a -map '[q]' "${x264[@]}" "${aac[@]}" \
	    -disposition:a:0 0 -disposition:a:1 default "$dir/twoaudio.mkv"
}
make_noaudio() {
	ff -f lavfi -i "$(pic 640x360 25 3)" "${x264[@]}" "$dir/noaudio.mp4"
}
make_short() {
	ff -f lavfi -i "$(pic 320x240 25 0.5)" -f lavfi -i "sine=d=0.5" "${x264[@]}" \
	    "${aac[@]}" "$dir/short.mp4"
}
make_oneframe() {
	ff -f lavfi -i "$(pic 320x240 25 1)" "${x264[@]}" -frames:v 1 "$dir/oneframe.mp4"
}
make_slideshow() {
	ff -f lavfi -i "$(pic 640x360 1 4)" -f lavfi -i "sine=d=4" "${x264[@]}" \
	    "${aac[@]}" "$dir/slideshow.mp4"
}
make_uhd4k() {
	ff -f lavfi -i "$(pic 3840x2160 25 0.2)" "${x264[@]}" "$dir/uhd4k.mp4"
}
make_uhd8k() {
	ff -f lavfi -i "$(pic 7680x4320 25 0.08)" "${x264[@]}" "$dir/uhd8k.mp4"
}
# prores NAME PROFILE PIXFMT: a camera's intermediate, in a QuickTime file.
prores() {
	ff -f lavfi -i "$(pic 640x360 25 2)" "${tone[@]}" -c:v prores_ks -profile:v "$2" \
	    -pix_fmt "$3" -color_primaries bt709 -color_trc bt709 -colorspace bt709 \
	    -c:a pcm_s16le "$dir/$1"
}
make_prores422() { prores prores422.mov 3 yuv422p10le; }
make_prores444() { prores prores444.mov 4 yuv444p10le; }

all="hlg pq pal169 pal43 ntsc169 ntsc43 i576tff i1080bff fullrange bt601
fps120 surround mono twoaudio noaudio short oneframe slideshow uhd4k uhd8k
prores422 prores444"
[ $# -gt 0 ] && all="$*"
for c in $all; do
	"make_$c"
done
