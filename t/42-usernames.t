# Look-alike user names (review D8): control, format and separator
# characters anywhere, blanks at either end, are refused through the API
# and nothing is written; matching stays case-, accent- and
# width-insensitive (utf8mb4_unicode_nopad_ci), so a look-alike of an
# existing name cannot be created either.
use strict;
use warnings;
use Test::More;
use Encode qw(encode);
use lib 't/lib';
use UG;

my $ug = UG->new(quiet => 1)->start;
$ug->add_user('root', 'rootpw', 'admin');
my ($tok) = $ug->post('/login.php?mode=2', [username => 'root',
    password => 'rootpw'])->{content} =~ /"token":"([0-9a-f]{32})"/;
ok($tok, 'root has a token');

sub add {
	my ($name) = @_;
	return $ug->post('/login.php?mode=3&operating=2', [username => $name,
	    password => 'pw', Authority => 'N', token => $tok])->{content};
}

my %bad = (
	"admin\x{a0}"        => 'a trailing no-break space',
	"\x{3000}admin"      => 'a leading ideographic space',
	"admin\x{2009}"      => 'a trailing thin space',
	"admin "             => 'a trailing ASCII space',
	"ro\x{85}ot"         => 'a C1 control (NEL) inside',
	"ad\x{9b}min"        => 'a C1 control (CSI) inside',
	"\x{202e}toor"       => 'a right-to-left override',
	"root\x{200b}x"      => 'a zero-width space',
	"ad\x{ad}min"        => 'a soft hyphen',
	"admin\x{feff}"      => 'a byte-order mark',
	"ad\x{2060}min"      => 'a word joiner',
	"ad\x{2028}min"      => 'a line separator',
	"ad\x{2029}min"      => 'a paragraph separator',
	"admin\x{e0041}"     => 'a tag character',
	"ad\x{1d173}min"     => 'a musical format control',
	"ad\tmin"            => 'a tab',
);
my $before = $ug->sql('SELECT COUNT(*) FROM users');
for my $name (sort keys %bad) {
	my $bytes = encode('UTF-8', $name);
	is(add($bytes), '{"state":"-1"}', "add refuses a name with $bad{$name}");
	is($ug->post('/login.php?mode=2', [username => $bytes,
	    password => 'pw'])->{content}, '{"state":"0"}',
	    "and a login with it fails");
}
is($ug->sql('SELECT COUNT(*) FROM users'), $before, 'no user was written');
# (A successful login leaves its address's row at count 0: not a failure.)
is($ug->sql('SELECT COUNT(*) FROM login_failures WHERE count > 0'), 0,
    'nor a login failure for a name that cannot exist');

# Still allowed: blanks inside, non-Latin scripts, accents.
for my $name ("Jean Luc", "\x{5f20}\x{4e09}", "Jos\x{e9}") {
	is(add(encode('UTF-8', $name)), '{"state":"1"}',
	    'add accepts ' . unpack('H*', encode('UTF-8', $name)));
}

# The decision kept: names compare as the legacy MySQL tables did,
# accent- and width-insensitively too.  A look-alike of an existing
# name is a duplicate, and its spelling logs in as that user (who still
# needs the password).
# A blank inside passes the character check, and a no-break space there
# is the same name as with a space.
for my $name ("R\x{f6}\x{f6}t", "\x{ff52}\x{ff4f}\x{ff4f}\x{ff54}", "Jose",
    "Jean\x{a0}Luc") {
	is(add(encode('UTF-8', $name)), '{"state":"-1"}',
	    'a look-alike of an existing name is refused as a duplicate: '
	    . unpack('H*', encode('UTF-8', $name)));
}
like($ug->post('/login.php?mode=2', [username => encode('UTF-8', "r\x{f6}\x{f6}t"),
    password => 'rootpw'])->{content}, qr/"state":"1"/,
    'an accented spelling logs in as root with root\'s password');

$ug->stop;
done_testing;
