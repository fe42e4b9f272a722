# Hostile input through nginx: every case answers in login.php's own
# failure shape, writes nothing, and leaves the process serving.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $login = $ug->post('/login.php?mode=2',
    [username => 'root', password => 'rootpw'])->{content};
my ($token) = $login =~ /"token":"([0-9a-f]{32})"/;
ok($token, 'admin token');
my $pid = $ug->usergate_pid;
my $users = sub { $ug->sql('SELECT COUNT(*) FROM users') };
my $n0 = $users->();

sub body_post {
	my ($q, $type, $body) = @_;
	return $ug->http('POST', "/login.php?$q", content => $body,
	    headers => { 'Content-Type' => $type });
}

sub is_fail {
	my ($r, $body, $name) = @_;
	is($r->{content}, $body, "$name: failure body");
	is($r->{status}, 200, "$name: 200 like PHP");
}

my $mp = 'multipart/form-data; boundary=XyZ';
is_fail(body_post('mode=2', $mp,
    "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nroot"),
    '{"state":"0"}', 'truncated multipart');
is_fail(body_post('mode=2', 'multipart/form-data',
    "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nroot\r\n--XyZ--\r\n"),
    '{"state":"0"}', 'multipart without boundary');
is_fail(body_post('mode=2', $mp, "no delimiter at all"), '{"state":"0"}',
    'multipart with no delimiter');
is_fail(body_post('mode=2', 'application/json', '{"username":"root",'),
    '{"state":"0"}', 'invalid JSON');
is_fail(body_post('mode=2', 'application/json', '["root","rootpw"]'),
    '{"state":"0"}', 'JSON that is not an object');
is_fail(body_post('mode=2', 'application/json',
    '{"username":"root\u0000x","password":"rootpw"}'), '{"state":"0"}',
    'JSON \u0000 in a name');
is_fail(body_post('mode=2', 'application/json',
    '{"a":' x 20 . '1' . '}' x 20), '{"state":"0"}', 'JSON nested too deep');
is_fail(body_post('mode=2', 'text/plain', 'username=root&password=rootpw'),
    '{"state":"0"}', 'unknown content type');
is_fail(body_post('mode=2', 'application/x-www-form-urlencoded',
    'username=root&password=rootpw&password=x'), '{"state":"0"}',
    'a repeated field');
is_fail(body_post('mode=2', 'application/x-www-form-urlencoded',
    'username=ro%0ot&password=rootpw'), '{"state":"0"}', 'bad percent escape');

# Size limits, checked before any work.
is_fail(body_post('mode=2', 'application/x-www-form-urlencoded',
    'username=root&password=rootpw&pad=' . ('a' x 70000)), '{"state":"0"}',
    'a body over the 64 KiB limit');
is_fail(body_post('mode=2', 'application/x-www-form-urlencoded',
    join('&', map { "f$_=1" } 1 .. 10000)), '{"state":"0"}', '10,000 fields');
is_fail(body_post('mode=3&operating=2', 'application/x-www-form-urlencoded',
    "token=$token&Authority=N&password=x&username=" . ('u' x 1_000_000)),
    '{"state":"-1"}', 'a 1 MB field');
is_fail(body_post('mode=2', 'application/x-www-form-urlencoded',
    'username=root&password=' . ('p' x 9000)), '{"state":"0"}',
    'a field over the field limit');

# Names that must never be stored.
sub add {
	my ($name, %opt) = @_;
	return $ug->post('/login.php?mode=3&operating=2', [username => $name,
	    password => 'pw', Authority => 'N', token => $token], %opt);
}
is_fail(add("ad\0min"), '{"state":"-1"}', 'NUL byte in a name (multipart)');
is_fail(body_post('mode=3&operating=2', 'application/x-www-form-urlencoded',
    "token=$token&Authority=N&password=x&username=ad%00min"), '{"state":"-1"}',
    'NUL byte in a name (urlencoded)');
is_fail(add("\xff\xfeab"), '{"state":"-1"}', 'invalid UTF-8 in a name');
is_fail(add("tab\there"), '{"state":"-1"}', 'control character in a name');
is_fail(add(''), '{"state":"-1"}', 'empty name');
is_fail(add(' lead'), '{"state":"-1"}', 'leading blank');
is_fail(add('u' x 65), '{"state":"-1"}', 'a name one over 64 characters');
is($users->(), $n0, 'nothing written by any of them');
is(add('u' x 64)->{content}, '{"state":"1"}', 'a name of exactly 64 characters');
{
	my $zh = "\xe5\xbc\xa0\xe4\xb8\x89";	# 张三 in UTF-8
	is(add($zh)->{content}, '{"state":"1"}', 'a Chinese name');
	like($ug->post('/login.php?mode=3&operating=1', [token => $token])->{content},
	    qr/"username":"\\u5f20\\u4e09"/, 'listed as PHP json_encode would');
}

# SQL metacharacters are just characters.
my $evil = q{x'); DROP TABLE users; --};
is(add($evil)->{content}, '{"state":"1"}', 'a name full of SQL metacharacters');
is($ug->sql(q{SELECT COUNT(*) FROM users WHERE username = 'x\'); DROP TABLE users; --'}),
    1, 'stored literally, table intact');
is($ug->post('/login.php?mode=2', [username => q{' OR '1'='1},
    password => q{' OR '1'='1}])->{content}, '{"state":"0"}',
    'SQL injection in a login fails');
is($ug->post('/login.php?mode=0', [openid => q{' OR 1=1 -- },
    wechat_name => 'x'])->{content}, '0', 'SQL injection in an openid');

# Query-string hostility.
is($ug->http('POST', '/login.php?mode=2&mode=2')->{content}, '0',
    'a repeated mode');
is($ug->http('POST', '/login.php?mode=%zz')->{content}, '0',
    'a malformed query string');

ok(kill(0, $pid), 'usergate is still the same process');
is($ug->http('GET', '/healthz')->{content}, "ok\n", 'and still serving');
like($ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw'])
    ->{content}, qr/"state":"1"/, 'ordinary logins still work');

$ug->stop;
done_testing;
