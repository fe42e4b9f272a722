# AList's real web page against usergate (issue 16 item 7): the OpenList
# front end (npm's @openlist-frontend/openlist-frontend, its dist/lite)
# served by nginx as static files in front of usergate, driven in
# Debian's chromium by playwright-core (t/browser/alist-web.js): log in
# through /api/auth/login/hash, the users page, add, edit and disable,
# delete, log out, and the one-time code on AList's 402.
#
# ./quickstart test installs chromium and puts playwright-core and the
# front end in build/browser (UG_BROWSER_DIR); without them this skips.
# A failed step leaves a screenshot in $UG_BUILDDIR/t-artifacts/.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;
use Digest::SHA qw(hmac_sha1);
use File::Path qw(make_path);

my $bdir = $ENV{UG_BROWSER_DIR} // "$UG::SRCDIR/build/browser";
my $pw = "$bdir/node_modules/playwright-core";
my $www = "$bdir/package/dist/lite";
my $chromium = $ENV{UG_CHROMIUM} // '/usr/bin/chromium';
plan skip_all => "no browser here ($bdir: run ./quickstart test)"
    unless -d $pw && -f "$www/index.html" && -x $chromium &&
    system('node --version >/dev/null 2>&1') == 0;

# The page is static; nginx serves it, and /api/ goes on to usergate.
my $types = 'types { text/html html; application/javascript js mjs; '
    . 'text/css css; image/svg+xml svg; image/png png; image/x-icon ico; '
    . 'application/json json; application/wasm wasm; font/woff2 woff2; '
    . 'font/woff woff; application/gzip gz; }';
my $ug = UG->new(nginx_extra => sub {
	my ($d) = @_;
	system('cp', '-R', $www, "$d/www") == 0 or die "cp: $?";
	system('chmod', '-R', 'a+rX', "$d/www") == 0 or die "chmod: $?";
	my $loc = "root $d/www; $types";
	return join '', map { "    $_\n" }
	    "location /assets/ { $loc }",
	    "location /static/ { $loc }",
	    "location /images/ { $loc }",
	    "location = / { $loc try_files /index.html =404; }",
	    "location /\@ { $loc try_files /index.html =404; }";
})->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
$ug->add_user('otpuser', 'otppw', 'user');

# otpuser enrols in two-factor through the API, as its page would.
sub b32d {
	my $s = uc shift;
	$s =~ tr/= //d;
	my $bits = join '', map {
		sprintf '%05b', index('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', $_)
	} split //, $s;
	return pack 'B*', substr($bits, 0, int(length($bits) / 8) * 8);
}
sub totp {
	my ($secret, $t) = @_;
	my $step = int($t / 30);
	my $h = hmac_sha1(pack('NN', int($step / 2**32), $step % 2**32),
	    b32d($secret));
	my $o = ord(substr($h, -1)) & 0xf;
	return sprintf '%06d',
	    (unpack('N', substr($h, $o, 4)) & 0x7fffffff) % 1000000;
}
sub call {
	my ($path, $tok, $body) = @_;
	my $r = $ug->http('POST', $path, headers => { 'Content-Type' =>
	    'application/json', ($tok ? (Authorization => $tok) : ()) },
	    content => encode_json($body // {}));
	return decode_json($r->{content});
}
my $tok = call('/api/auth/login', undef,
    { username => 'otpuser', password => 'otppw' })->{data}{token};
my $secret = call('/api/auth/2fa/generate', $tok)->{data}{secret};
is(call('/api/auth/2fa/verify', $tok, { code => totp($secret, time),
    secret => $secret })->{code}, 200, 'otpuser has two-factor on');

my $art = "$UG::BUILDDIR/t-artifacts/18-alist-web";
make_path($art);
unlink glob("$art/*.png");
local $ENV{UG_PLAYWRIGHT} = $pw;
local $ENV{UG_CHROMIUM} = $chromium;
local $ENV{OTP_SECRET} = $secret;
local $ENV{HOME} = $ug->dir;	# chromium's profile, not the caller's
my $cmd = join ' ', map { quotemeta } 'node',
    "$UG::SRCDIR/t/browser/alist-web.js", $ug->url(''), $art;
open my $fh, '-|', "$cmd 2>&1" or die "node: $!";
my ($steps, $bad) = (0, 0);
while (my $line = <$fh>) {
	chomp $line;
	if ($line =~ /^(not )?ok \d+ - (.*)/) {
		ok(!$1, "browser: $2");
		$steps++;
		$bad++ if $1;
	} elsif ($line =~ /^1\.\.\d+$/) {
	} else {
		diag($line);
	}
}
close $fh;
is($? >> 8, 0, 'the browser run ends well');
cmp_ok($steps, '>=', 20, 'every step of the flow ran');
diag("screenshots of the failure in $art") if $bad;

$ug->stop;
done_testing;
