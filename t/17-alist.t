# The AList contract (seed 004, SPEC "alist"): the admin user API, the
# login with TOTP two-factor, and what AList's web page calls on load,
# through nginx against the real stack, byte for byte where the seed
# shows a body.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;
use B ();
use MIME::Base64 ();
use Digest::SHA qw(sha256_hex hmac_sha1);

my $admin_token = 'alist-' . join('', map { sprintf '%02x', int rand 256 } 1 .. 32);
my $ug = UG->new(conf => { alist_admin_token => sha256_hex($admin_token) })
    ->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
$ug->add_user('uadmin', 'uadminpw', 'user_admin');
$ug->add_user('plain', 'plainpw', 'user');
$ug->add_user('guest', 'guestpw', 'guest');
my %id = map { $_ => 0 + $ug->sql("SELECT id FROM users WHERE username = '$_'") }
    qw(root uadmin plain guest);

my $J = JSON::PP->new->canonical;

# An AList call: (status, body, decoded body or undef).
sub api {
	my ($method, $path, %o) = @_;
	my %h;
	$h{Authorization} = $o{auth} if defined $o{auth};
	my %req = (headers => \%h);
	if (defined $o{json}) {
		$h{'Content-Type'} = $o{type} // 'application/json;charset=UTF-8';
		$req{content} = ref $o{json} ? $J->encode($o{json}) : $o{json};
	}
	my $r = $ug->http($method, $path, %req);
	my $d = eval { decode_json($r->{content}) };
	return ($r->{status}, $r->{content}, $d, $r);
}

sub is_body {
	my ($got, $want, $name) = @_;
	my ($s, $b) = @$got;
	is($b, $want, "$name: body");
	is($s, 200, "$name: HTTP 200");
}

sub fail_body {
	my ($code, $msg) = @_;
	return '{"code":' . $code . ',"message":' . $J->encode($msg) .
	    ',"data":null}';
}
my $OK = '{"code":200,"message":"success","data":null}';

sub is_int_sv { ok(B::svref_2object(\$_[0])->FLAGS & B::SVp_IOK, $_[1]) }
sub is_str_sv {
	my $f = B::svref_2object(\$_[0])->FLAGS;
	ok(($f & B::SVp_POK) && !($f & (B::SVp_IOK | B::SVp_NOK)), $_[1]);
}

sub login {
	my ($name, $pw, %o) = @_;
	return api('POST', '/api/auth/login', json => { username => $name,
	    password => $pw, (defined $o{otp} ? (otp_code => $o{otp}) : ()) });
}

sub token_of {
	my ($name, $pw) = @_;
	my ($s, $b, $d) = login($name, $pw);
	return $d && $d->{data} ? $d->{data}{token} : undef;
}

# RFC 6238 in the test's own words, to check the server's.
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

# --- the web page's start ----------------------------------------------------
my ($s, $b, $d) = api('GET', '/api/public/settings');
is($d->{code}, 200, 'public settings: code 200');
is($d->{data}{allow_indexed}, 'false', 'public settings: allow_indexed false');
ok(defined $d->{data}{title} && defined $d->{data}{version},
    'public settings: a title and a version');
is_body([api('GET', '/api/public/archive_extensions')],
    '{"code":200,"message":"success","data":[]}', 'archive extensions');

# --- login -------------------------------------------------------------------
($s, $b, $d) = login('root', 'rootpw');
like($b, qr/^\{"code":200,"message":"success","data":\{"token":"[0-9a-f]{32}"\}\}$/,
    'login: the envelope and a 32-hex token');
is($s, 200, 'login: HTTP 200');
my $root = $d->{data}{token};
my $BAD = fail_body(400, 'password is incorrect');
is_body([login('root', 'wrong')], $BAD, 'wrong password');
is_body([login('nobody', 'x')], $BAD, 'unknown user');
is_body([login('root', '')], $BAD, 'empty password');
is_body([api('POST', '/api/auth/login', json => { username => 'root' })],
    $BAD, 'missing password');
# The per-username throttle answers the same, even to the right password.
$ug->add_user('throttled', 'thrpw', 'user');
login('throttled', 'wrong') for 1 .. 6;
is_body([login('throttled', 'thrpw')], $BAD, 'throttled: the same answer');

# The web page's login: sha256(password + "-https://github.com/alist-org/alist").
sub hashed { sha256_hex($_[0] . '-https://github.com/alist-org/alist') }
($s, $b, $d) = api('POST', '/api/auth/login/hash',
    json => { username => 'root', password => hashed('rootpw'), otp_code => '' });
like($b, qr/^\{"code":200,"message":"success","data":\{"token":"[0-9a-f]{32}"\}\}$/,
    'login/hash: the digest logs in');
is_body([api('POST', '/api/auth/login/hash',
    json => { username => 'root', password => hashed('wrong') })], $BAD,
    'login/hash: a wrong digest');
is_body([api('POST', '/api/auth/login/hash',
    json => { username => 'root', password => 'rootpw' })], $BAD,
    'login/hash: the plain password is no digest');
is_body([api('POST', '/api/auth/login', json => { username => 'root',
    password => hashed('rootpw') })], $BAD,
    'login: a digest is no password');
# Form bodies are accepted as well.
like($ug->post('/api/auth/login', [username => 'plain', password => 'plainpw'],
    enc => 'urlencoded')->{content}, qr/"token":"[0-9a-f]{32}"/,
    'login: a urlencoded form');

# --- the token ----------------------------------------------------------------
is_body([api('GET', '/api/me')], fail_body(401,
    'Guest user is disabled, login please'), 'no token');
is_body([api('GET', '/api/me', auth => '')], fail_body(401,
    'Guest user is disabled, login please'), 'an empty Authorization is no token');
is_body([api('GET', '/api/me', auth => 'garbage')],
    fail_body(401, 'token is invalidated'), 'a garbage token');
is_body([api('GET', '/api/me', auth => '0' x 32)],
    fail_body(401, 'token is invalidated'), 'an unknown token');
my $ME_ROOT = '{"id":' . $id{root} . ',"username":"root","Salt":"","password":"",'
    . '"base_path":"/","role":2,"disabled":false,"permission":0,"sso_id":""';
is_body([api('GET', '/api/me', auth => $root)],
    '{"code":200,"message":"success","data":' . $ME_ROOT . ',"otp":false}}',
    '/api/me with the raw token');
is_body([api('GET', '/api/me', auth => "Bearer $root")],
    '{"code":200,"message":"success","data":' . $ME_ROOT . ',"otp":false}}',
    '/api/me with Bearer');
($s, $b, $d) = api('GET', '/api/me', auth => $root);
is_int_sv($d->{data}{id}, 'me: id is an integer');
is_int_sv($d->{data}{role}, 'me: role is an integer');
is_int_sv($d->{data}{permission}, 'me: permission is an integer');
ok(JSON::PP::is_bool($d->{data}{disabled}), 'me: disabled is a boolean');
ok(JSON::PP::is_bool($d->{data}{otp}), 'me: otp is a boolean');
is_str_sv($d->{data}{Salt}, 'me: Salt is a string');

my $plain = token_of('plain', 'plainpw');
my $NOTADMIN = fail_body(403, 'You are not an admin');
is_body([api('GET', '/api/admin/user/list', auth => $plain)], $NOTADMIN,
    'a general user on an admin route');
is_body([api('GET', '/api/admin/user/list')],
    fail_body(401, 'Guest user is disabled, login please'),
    'an admin route without a token');
is_body([api('POST', '/api/admin/user/delete?id=' . $id{plain},
    auth => $plain)], $NOTADMIN, 'a general user cannot delete');

# --- get and list ---------------------------------------------------------------
my $REC = sub {
	my ($name, $role, %o) = @_;
	return '{"id":' . $id{$name} . ',"username":"' . $name . '","Salt":"",'
	    . '"password":"","base_path":"' . ($o{base} // '/') . '","role":'
	    . $role . ',"disabled":' . ($o{disabled} ? 'true' : 'false')
	    . ',"permission":' . ($o{perm} // 0) . ',"sso_id":"'
	    . ($o{sso} // '') . '"}';
};
is_body([api('GET', "/api/admin/user/get?id=$id{root}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('root', 2) . '}',
    'get: the seed\'s keys and types');
is_body([api('GET', "/api/admin/user/get?id=$id{uadmin}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('uadmin', 2) . '}',
    'get: a user admin is AList\'s admin');
is_body([api('GET', "/api/admin/user/get?id=$id{guest}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('guest', 1) . '}',
    'get: the guest role is 1');
is_body([api('GET', '/api/admin/user/get?id=999999', auth => $root)],
    fail_body(500, 'failed get old user: record not found'), 'get: unknown id');
is_body([api('GET', '/api/admin/user/get?id=abc', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "abc": invalid syntax'),
    'get: a non-numeric id');
is_body([api('GET', '/api/admin/user/get?id=-1', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "-1": invalid syntax'),
    'get: a negative id');
is_body([api('GET', '/api/admin/user/get', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "": invalid syntax'),
    'get: no id');

$id{throttled} = 0 + $ug->sql("SELECT id FROM users WHERE username = 'throttled'");
my $ALL = join(',', $REC->('root', 2), $REC->('uadmin', 2), $REC->('plain', 0),
    $REC->('guest', 1), $REC->('throttled', 0));
is_body([api('GET', '/api/admin/user/list', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[' . $ALL .
    '],"total":5}}', 'list: every user without paging');
is_body([api('GET', '/api/admin/user/list?page=2&per_page=2', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[' .
    join(',', $REC->('plain', 0), $REC->('guest', 1)) . '],"total":5}}',
    'list: page 2 of 2');
is_body([api('GET', '/api/admin/user/list?page=0&per_page=1', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[' .
    $REC->('root', 2) . '],"total":5}}', 'list: page 0 is page 1');
is_body([api('GET', '/api/admin/user/list?page=9&per_page=2', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[],"total":5}}',
    'list: past the end');
is_body([api('GET', '/api/admin/user/list?page=99999999999999999&per_page=100',
    auth => $root)],
    '{"code":200,"message":"success","data":{"content":[],"total":5}}',
    'list: far past the end');
is_body([api('GET', '/api/admin/user/list?page=1&per_page=100000',
    auth => $root)],
    '{"code":200,"message":"success","data":{"content":[' . $ALL .
    '],"total":5}}', 'list: per_page over the limit');
is_body([api('GET', '/api/admin/user/list?page=1&per_page=0', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[' . $ALL .
    '],"total":5}}', 'list: per_page 0 is every user');
is_body([api('GET', '/api/admin/user/list?page=x', auth => $root)],
    fail_body(400, 'strconv.ParseInt: parsing "x": invalid syntax'),
    'list: a non-numeric page');
($s, $b, $d) = api('GET', '/api/admin/user/list', auth => $root);
is_int_sv($d->{data}{total}, 'list: total is an integer');
is_int_sv($d->{data}{content}[0]{id}, 'list: id is an integer');

# --- the admin token of scripts -------------------------------------------------
is_body([api('GET', "/api/admin/user/get?id=$id{plain}", auth => $admin_token)],
    '{"code":200,"message":"success","data":' . $REC->('plain', 0) . '}',
    'the admin token acts as the super admin');
is_body([api('GET', "/api/admin/user/get?id=$id{plain}",
    auth => $admin_token . 'x')], fail_body(401, 'token is invalidated'),
    'a wrong admin token');
is_body([api('GET', '/api/me', auth => $admin_token)],
    '{"code":200,"message":"success","data":' . $ME_ROOT . ',"otp":false}}',
    '/api/me with the admin token: the first super admin, as AList\'s admin');
is_body([api('GET', '/api/auth/logout', auth => $admin_token)], $OK,
    'logout with the admin token');
is_body([api('GET', '/api/me', auth => $admin_token)],
    '{"code":200,"message":"success","data":' . $ME_ROOT . ',"otp":false}}',
    'the admin token is permanent');
is_body([api('GET', "/api/admin/user/get?id=$id{plain}",
    auth => "Bearer $admin_token")], fail_body(401, 'token is invalidated'),
    'the admin token is sent raw, as AList\'s scripts do');
is($ug->post('/login.php?mode=3&operating=1', [],
    headers => { Authorization => $admin_token })->{content}, '{"0"}',
    'the admin token is nothing to login.php');
my ($rc, $out) = $ug->cli(undef, 'alist-token');
is($rc, 0, 'usergate alist-token');
like($out, qr/^alist-[0-9a-f]{64}\n#[^\n]*\nalist_admin_token = [0-9a-f]{64}\n\z/,
    'alist-token: the token and the line to configure');
my ($t, $h) = $out =~ /^(\S+)\n.*= (\S+)\n/s;
is(sha256_hex($t), $h, 'alist-token: the configured value is its SHA-256');

# --- create ------------------------------------------------------------------
sub create { api('POST', '/api/admin/user/create', auth => $root, json => $_[0]) }
is_body([create({ id => 0, username => 'a', password => '123456',
    base_path => '/', role => 0, permission => 60, disabled => JSON::PP::false,
    sso_id => '' })], $OK, 'create: the seed\'s body');
$id{a} = 0 + $ug->sql("SELECT id FROM users WHERE username = 'a'");
is_body([api('GET', "/api/admin/user/get?id=$id{a}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('a', 0, perm => 60) .
    '}', 'create: the record as given');
is_body([create({ username => 'A', password => 'x', role => 0 })],
    fail_body(400, 'username is already taken'),
    'create: duplicate username, case-insensitively');
is_body([create({ username => 'b', password => '', role => 0 })],
    fail_body(400, 'password can not be empty'), 'create: empty password');
is_body([create({ username => 'b', role => 0 })],
    fail_body(400, 'password can not be empty'), 'create: no password');
is_body([create({ username => 'b', password => 'x', role => 2 })],
    fail_body(400, 'admin or guest user can not be created'), 'create: an admin');
is_body([create({ username => 'b', password => 'x', role => 1 })],
    fail_body(400, 'admin or guest user can not be created'), 'create: a guest');
is_body([create({ username => 'b', password => 'x', role => 7 })],
    fail_body(400, 'role is not a known role'), 'create: an unknown role');
is_body([create({ username => 'b', password => 'x', permission => -1 })],
    fail_body(400, 'permission is out of range'), 'create: a negative permission');
is_body([create({ username => 'b', password => 'x', permission => 2**31 })],
    fail_body(400, 'permission is out of range'), 'create: a permission too big');
is_body([create({ username => 'b', password => 'x', permission => 'all' })],
    fail_body(400, 'permission is not a number'), 'create: a permission that is no number');
is_body([api('POST', '/api/admin/user/create', auth => $root,
    json => '{"username":"b","password":')],
    fail_body(400, 'invalid request'), 'create: malformed JSON');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'b'"), 0,
    'the refused creates wrote nothing');
is_body([create({ username => 'b', password => 'bpw', base_path => 'x//y/../z/',
    disabled => JSON::PP::true, sso_id => 'sso-b' })], $OK,
    'create: a relative base_path, disabled');
$id{b} = 0 + $ug->sql("SELECT id FROM users WHERE username = 'b'");
is_body([api('GET', "/api/admin/user/get?id=$id{b}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('b', 0, base => '/x/z',
    disabled => 1, sso => 'sso-b') . '}', 'create: base_path cleaned as AList');
is_body([login('b', 'bpw')], $BAD, 'a disabled user cannot log in');

# --- update ------------------------------------------------------------------
sub update { api('POST', '/api/admin/user/update', auth => $root, json => $_[0]) }
is_body([update({ id => $id{b}, username => 'b', password => '',
    base_path => '/x/z', role => 0, permission => 0, disabled => JSON::PP::false,
    sso_id => 'sso-b', Salt => '', allow_ldap => JSON::PP::true })], $OK,
    'update: as the page posts it (unknown keys ignored)');
like((login('b', 'bpw'))[1], qr/"token"/,
    'update: an empty password keeps it, and enabled logs in');
is_body([update({ id => $id{b}, password => 'newbpw' })], $OK,
    'update: a new password');
like((login('b', 'newbpw'))[1], qr/"token"/, 'update: the new password logs in');
is_body([update({ id => $id{b}, permission => 256, base_path => '/p/' })], $OK,
    'update: omitted keys stay');
is_body([api('GET', "/api/admin/user/get?id=$id{b}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('b', 0, base => '/p',
    perm => 256, sso => 'sso-b') . '}', 'update: only the keys given changed');
is_body([update({ id => $id{b}, role => 2 })],
    fail_body(400, 'role can not be changed'), 'update: a role change');
is_body([update({ id => $id{uadmin}, role => 2, disabled => JSON::PP::true })],
    fail_body(400, 'admin user can not be disabled'), 'update: disabling an admin');
is_body([update({ id => $id{root}, role => 2, disabled => JSON::PP::true })],
    fail_body(400, 'admin user can not be disabled'), 'update: disabling oneself');
is_body([update({ id => $id{uadmin}, username => 'uadmin', role => 2,
    disabled => JSON::PP::false, password => '' })], $OK,
    'update: the role shown posted back is no change');
is($ug->sql("SELECT role_id FROM users WHERE username = 'uadmin'"), 6,
    'update: the user admin stays a user admin');
is_body([update({ id => $id{b}, username => 'A' })],
    fail_body(400, 'username is already taken'), 'update: rename onto another');
is_body([update({ id => 999999, username => 'x' })],
    fail_body(500, 'failed get old user: record not found'), 'update: unknown id');
is_body([update({ id => $id{b}, permission => -5 })],
    fail_body(400, 'permission is out of range'), 'update: out-of-range permission');
is_body([update({ username => 'x' })], fail_body(400, 'id is required'),
    'update: no id');
is_body([update({ id => 'abc' })], fail_body(400, 'id is not a valid id'),
    'update: a non-numeric id');
is_body([api('POST', '/api/admin/user/update', auth => $root, json => '{"id":')],
    fail_body(400, 'invalid request'), 'update: malformed JSON');
is_body([update({ id => $id{b}, username => 'b2' })], $OK, 'update: rename');
like((login('b2', 'newbpw'))[1], qr/"token"/, 'update: the new name logs in');
# A user admin may not change a super admin (the core's hierarchy).
my $ua = token_of('uadmin', 'uadminpw');
($s, $b, $d) = api('POST', '/api/admin/user/update', auth => $ua,
    json => { id => $id{root}, permission => 1 });
is($d->{code}, 403, 'update: a user admin cannot change a super admin');
is($ug->sql("SELECT permission FROM users WHERE username = 'root'"), 0,
    'update: nothing written');

# --- one identity --------------------------------------------------------------
is($ug->post('/login.php?mode=2', [username => 'a', password => '123456'])
    ->{content}, '{"state":"1"}', 'a user created here logs in with login.php');
my ($lptok) = $ug->post('/login.php?mode=2',
    [username => 'root', password => 'rootpw'])->{content} =~ /"token":"(\w+)"/;
is($ug->post('/login.php?mode=3&operating=2', [username => 'lpy', password => 'p',
    Authority => 'Y', token => $lptok])->{content}, '{"state":"1"}',
    'login.php adds an admin');
is($ug->post('/login.php?mode=3&operating=2', [username => 'lpn', password => 'p',
    Authority => 'N', token => $lptok])->{content}, '{"state":"1"}',
    'login.php adds a general user');
$id{$_} = 0 + $ug->sql("SELECT id FROM users WHERE username = '$_'") for qw(lpy lpn);
is_body([api('GET', "/api/admin/user/get?id=$id{lpy}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('lpy', 2) . '}',
    'login.php\'s Y is AList\'s admin');
is_body([api('GET', "/api/admin/user/get?id=$id{lpn}", auth => $root)],
    '{"code":200,"message":"success","data":' . $REC->('lpn', 0) . '}',
    'login.php\'s N is AList\'s general user');
like($ug->post('/login.php?mode=3&operating=1', [token => $root])->{content},
    qr/"username":"a"/, 'an AList token works on login.php');

# --- two-factor ----------------------------------------------------------------
my $atok = token_of('a', '123456');
($s, $b, $d) = api('POST', '/api/auth/2fa/generate', auth => $atok);
is($d->{code}, 200, '2fa/generate: code 200');
is_deeply([sort keys %{ $d->{data} }], [qw(qr secret)], '2fa/generate: qr and secret');
like($d->{data}{qr}, qr{^data:image/png;base64,[A-Za-z0-9+/]+=*$},
    '2fa/generate: a PNG data URL');
my $png = MIME::Base64::decode_base64(($d->{data}{qr} =~ /,(.*)/)[0]);
is(substr($png, 0, 8), "\x89PNG\r\n\x1a\n", '2fa/generate: it is a PNG');
my $secret = $d->{data}{secret};
like($secret, qr/^[A-Z2-7]{32}$/, '2fa/generate: a base32 secret');
is($ug->sql("SELECT IFNULL(otp_secret, '') FROM users WHERE username = 'a'"), '',
    '2fa/generate stores nothing');
is_body([api('POST', '/api/auth/2fa/verify', auth => $atok,
    json => { code => '000000', secret => $secret })],
    fail_body(400, 'Invalid 2FA code'), '2fa/verify: a wrong code');
is_body([api('POST', '/api/auth/2fa/verify', auth => $atok,
    json => { code => totp($secret, time), secret => 'A1' })],
    fail_body(400, 'Invalid 2FA code'), '2fa/verify: a bad secret');
my $gtok = token_of('guest', 'guestpw');
is_body([api('POST', '/api/auth/2fa/generate', auth => $gtok)],
    fail_body(403, 'Guest user can not generate 2FA code'), '2fa: not for guests');
my $now = time;
is_body([api('POST', '/api/auth/2fa/verify', auth => $atok,
    json => { code => totp($secret, $now), secret => $secret })], $OK,
    '2fa/verify: the right code turns it on');
($s, $b, $d) = api('GET', '/api/me', auth => $atok);
ok($d->{data}{otp} eq '1' && JSON::PP::is_bool($d->{data}{otp}), '/api/me: otp true');
unlike($b, qr/$secret/, 'the secret is in no answer after enrolment');
unlike((api('GET', "/api/admin/user/get?id=$id{a}", auth => $root))[1],
    qr/$secret/, 'nor in get');
my $OTP = fail_body(402, 'Invalid 2FA code');
is_body([login('a', '123456')], $OTP, 'login: two-factor demands the code');
is_body([login('a', '123456', otp => '123')], $OTP, 'login: a malformed code');
is_body([login('a', '123456', otp => totp($secret, $now - 120))], $OTP,
    'login: a stale code');
is_body([login('a', 'wrong', otp => totp($secret, $now + 30))], $BAD,
    'login: a wrong password with the right code is a wrong password');
my $fresh = totp($secret, $now + 30);
like((login('a', '123456', otp => $fresh))[1], qr/"token":"[0-9a-f]{32}"/,
    'login: a fresh code');
is_body([login('a', '123456', otp => $fresh)], $OTP, 'login: a code is good once');
is_body([api('POST', '/api/auth/login/hash', json => { username => 'a',
    password => hashed('123456'), otp_code => '' })], $OTP,
    'login/hash: 402 too, which makes the page ask for the code');
is_body([api('POST', '/api/admin/user/cancel_2fa?id=' . $id{a}, auth => $plain)],
    $NOTADMIN, 'cancel_2fa: admins only');
is_body([api('POST', '/api/admin/user/cancel_2fa?id=999999', auth => $root)],
    fail_body(500, 'failed get old user: record not found'), 'cancel_2fa: unknown id');
is_body([api('POST', '/api/admin/user/cancel_2fa?id=x', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "x": invalid syntax'),
    'cancel_2fa: a non-numeric id');
is_body([api('POST', '/api/admin/user/cancel_2fa?id=' . $id{a}, auth => $root)],
    $OK, 'cancel_2fa');
like((login('a', '123456'))[1], qr/"token"/, 'cancel_2fa: the password alone again');

# --- logout ------------------------------------------------------------------
my $lo = token_of('plain', 'plainpw');
is_body([api('GET', '/api/auth/logout', auth => $lo)], $OK, 'logout');
is_body([api('GET', '/api/me', auth => $lo)], fail_body(401, 'token is invalidated'),
    'logout revokes the token');
ok(defined token_of('plain', 'plainpw'), 'and the user logs in again');

# --- delete and del_cache ----------------------------------------------------------
is_body([api('POST', "/api/admin/user/delete?id=$id{uadmin}", auth => $root)],
    fail_body(500, 'cannot delete admin or guest'), 'delete: an admin');
is_body([api('POST', "/api/admin/user/delete?id=$id{root}", auth => $root)],
    fail_body(500, 'cannot delete admin or guest'), 'delete: oneself');
is_body([api('POST', "/api/admin/user/delete?id=$id{guest}", auth => $root)],
    fail_body(500, 'cannot delete admin or guest'), 'delete: the guest');
is_body([api('POST', '/api/admin/user/delete?id=999999', auth => $root)],
    fail_body(500, 'failed get old user: record not found'), 'delete: unknown id');
is_body([api('POST', '/api/admin/user/delete?id=1x', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "1x": invalid syntax'),
    'delete: a non-numeric id');
is_body([api('POST', '/api/admin/user/delete?id=-3', auth => $root)],
    fail_body(400, 'strconv.ParseUint: parsing "-3": invalid syntax'),
    'delete: a negative id');
is($ug->sql('SELECT COUNT(*) FROM users'), 9, 'the refused deletes wrote nothing');
is_body([api('POST', '/api/admin/user/del_cache?username=plain', auth => $root)],
    $OK, 'del_cache');
is_body([api('POST', '/api/admin/user/del_cache?username=nobody', auth => $root)],
    fail_body(500, 'failed find user: record not found'), 'del_cache: unknown name');
my $btok = token_of('b2', 'newbpw');
is_body([api('POST', "/api/admin/user/delete?id=$id{b}", auth => $admin_token)],
    $OK, 'delete, with the admin token');
is($ug->sql("SELECT COUNT(*) FROM users WHERE username = 'b2'"), 0,
    'delete: the user is gone');
is_body([api('GET', '/api/me', auth => $btok)], fail_body(401, 'token is invalidated'),
    'delete: its sessions too');
is_body([api('GET', '/api/admin/user/sshkey/list?uid=1', auth => $root)],
    '{"code":200,"message":"success","data":{"content":[],"total":0}}',
    'sshkey/list: an empty page');

# --- sessions live as AList's ----------------------------------------------------
is($ug->sql("SELECT CONCAT(TIMESTAMPDIFF(HOUR, created, expires), '/', "
    . "IFNULL(idle, 'null')) FROM sessions ORDER BY created DESC LIMIT 1"),
    '48/0', 'an AList session: 48 h, no idle timeout');

# --- off the routes ---------------------------------------------------------------
($s, $b) = api('GET', '/api/auth/login');
is($s, 404, 'a wrong method: gin\'s 404');
is($b, '404 page not found', 'a wrong method: gin\'s text');

# --- the database goes away and comes back ----------------------------------------
my $pid = $ug->usergate_pid;
$ug->db->stop;
($s, $b) = api('GET', '/api/admin/user/list', auth => $root);
is($s, 503, 'outage: HTTP 503');
is($b, fail_body(503, 'database unavailable'), 'outage: in the envelope');
($s, $b) = login('root', 'rootpw');
is($s, 503, 'outage: login 503');
is($b, fail_body(503, 'database unavailable'), 'outage: login in the envelope');
$ug->db->start;
my $ok = 0;
for (1 .. 8) {
	$ok++ if (api('GET', '/api/admin/user/list', auth => $root))[1] =~
	    /^\{"code":200,"message":"success","data":\{"content":\[/;
}
is($ok, 8, 'after the outage every worker serves again');
is($ug->usergate_pid, $pid, 'without a restart');

$ug->stop;
done_testing;
