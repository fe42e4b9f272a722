# login.php where the seed is silent and the original decides (issue 12):
# mode 0 refreshes the stored wechat_name, mode 1 without one keeps it.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use Time::HiRes qw(sleep);

my $ug = UG->new(quiet => 1)->start;
$ug->add_user('root', 'rootpw', 'admin');
$ug->add_user('alice', 'alicepw', 'user');
my ($token) = $ug->post('/login.php?mode=2', [username => 'root',
    password => 'rootpw'])->{content} =~ /"token":"([0-9a-f]{32})"/;
my $oid = 'oLT0a49GFzSOZ7J7jV2Pq8B9G7a0';

sub answer {
	my ($q, $fields) = @_;
	my $r = $ug->post("/login.php?$q", $fields);
	return "$r->{status} $r->{content}";
}

# What the admin list shows for alice.
sub listed {
	my $b = $ug->post('/login.php?mode=3&operating=1', [token => $token])->{content};
	return $b =~ /\{"username":"alice","wechat_name":(null|"[^"]*"),/ ? $1 : "?$b";
}

sub stored { $ug->sql("SELECT IFNULL(HEX(wechat_name), 'NULL') FROM users WHERE username = 'alice'") }

is(answer('mode=1', [username => 'alice', password => 'alicepw', openid => $oid,
    wechat_name => 'Extrader']), '200 1', 'mode 1 binds with a name');
is(listed(), '"Extrader"', 'the list shows it');

# mode 0 with the same name: answered 1, and nothing is written.
my $updated = $ug->sql("SELECT updated FROM users WHERE username = 'alice'");
sleep 0.01;
is(answer('mode=0', [openid => $oid, wechat_name => 'Extrader']), '200 1',
    'mode 0, the same name: 1');
is($ug->sql("SELECT updated FROM users WHERE username = 'alice'"), $updated,
    'mode 0, the same name: no write');

is(answer('mode=0', [openid => $oid, wechat_name => 'Renamed']), '200 1',
    'mode 0, a new name: 1');
is(listed(), '"Renamed"', 'mode 0, a new name: stored, and listed');
is(answer('mode=0', [openid => $oid, wechat_name => 'renamed']), '200 1',
    'mode 0, only the case differs: 1');
is(listed(), '"renamed"', 'mode 0: a change of case is a change');
is(answer('mode=0', [openid => $oid, wechat_name => "\xe5\xbe\xae\xe4\xbf\xa1"]),
    '200 1', 'mode 0, a Chinese name: 1');
is(listed(), '"\u5fae\u4fe1"', 'mode 0: stored, listed as PHP escapes it');

is(answer('mode=0', [openid => $oid, wechat_name => '']), '200 1',
    'mode 0, an empty name: 1');
is(listed(), '"\u5fae\u4fe1"', 'mode 0, an empty name keeps the stored one');

my $before = stored();
is(answer('mode=0', [openid => $oid, wechat_name => 'x' x 65]), '200 0',
    'mode 0, a name over 64 characters: 0');
is(answer('mode=0', [openid => $oid, wechat_name => "\xe5" x 64]), '200 0',
    'mode 0, broken UTF-8 sequences: 0');
is(answer('mode=0', [openid => $oid, wechat_name => "ab\xff"]), '200 0',
    'mode 0, invalid UTF-8: 0');
is(answer('mode=0', [openid => $oid, wechat_name => "a\x01b"]), '200 0',
    'mode 0, a control character: 0');
is(stored(), $before, 'mode 0: none of them wrote anything');
is(answer('mode=0', [openid => $oid, wechat_name => "\xf0\x9f\x98\x80" x 64]),
    '200 1', 'mode 0, exactly 64 four-byte characters: 1');
is(stored(), 'F09F9880' x 64, 'mode 0: stored whole');

is(answer('mode=0', [openid => 'oNOBODY', wechat_name => 'Ghost']), '200 0',
    'mode 0, an unknown openid: 0');
is($ug->sql("SELECT COUNT(*) FROM users WHERE wechat_name = 'Ghost'"), 0,
    'mode 0, an unknown openid: nothing written');

# mode 1 without a name, or with an empty one, keeps the stored name.
$ug->sql("UPDATE users SET wechat_name = 'Kept' WHERE username = 'alice'");
is(answer('mode=1', [username => 'alice', password => 'alicepw', openid => $oid]),
    '200 1', 'mode 1 without wechat_name: 1');
is(listed(), '"Kept"', 'mode 1 without wechat_name keeps the stored one');
is(answer('mode=1', [username => 'alice', password => 'alicepw', openid => $oid,
    wechat_name => '']), '200 1', 'mode 1 with an empty wechat_name: 1');
is(listed(), '"Kept"', 'mode 1 with an empty wechat_name keeps it too');
is(answer('mode=1', [username => 'alice', password => 'alicepw', openid => $oid,
    wechat_name => 'New']), '200 1', 'mode 1 with a name: 1');
is(listed(), '"New"', 'mode 1 with a name stores it');
is(answer('mode=1', [username => 'alice', password => 'alicepw', openid => $oid,
    wechat_name => "ab\xff"]), '200 0', 'mode 1 with invalid UTF-8: 0');
is(listed(), '"New"', 'mode 1 with invalid UTF-8 writes nothing');

$ug->stop;
done_testing;
