# The adminsys contract (seed 001, 后台管理子系统) through nginx: login by
# user_id with the session cookie, the paged list, the update, and the
# original's ways as options.
use strict;
use warnings;
use utf8;
use Test::More;
use lib 't/lib';
use UG;
use JSON::PP;
use B;
use Encode qw(decode_utf8 encode_utf8);

binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);

my $FAIL = '{"code":0,"message":"fail","data":{}}';
my $OK = '{"code":1,"message":"success","data":{}}';

# A location that passes HTTPS=on when the test says so, as nginx does
# behind TLS ($https is "on" there).
my $tls = sub {
	return <<'EOC';
    location = /tls/admin/login {
      fastcgi_param QUERY_STRING    $query_string;
      fastcgi_param REQUEST_METHOD  $request_method;
      fastcgi_param CONTENT_TYPE    $content_type;
      fastcgi_param CONTENT_LENGTH  $content_length;
      fastcgi_param SCRIPT_NAME     /admin/login;
      fastcgi_param HTTPS           on;
      fastcgi_param REMOTE_ADDR     $remote_addr;
      fastcgi_pass usergate;
    }
EOC
};
my $ug = UG->new(nginx_extra => $tls)->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
$ug->add_user('uadmin', 'uadminpw', 'user_admin');
$ug->add_user('shop', 'shoppw', 'shop_admin');
$ug->add_user('moscow', 'moscowpw', 'user');
$ug->add_user('porto', 'portopw', 'user');
$ug->add_user('farnborough', 'farnpw', 'user');
$ug->add_user('uadmin2', 'uadmin2pw', 'user_admin');

sub id_of { $ug->sql("SELECT id FROM users WHERE username = '$_[0]'") }
my %id = map { $_ => id_of($_) } qw(root uadmin shop moscow porto
    farnborough uadmin2);

# The seed's three rows, with times the store always has.
$ug->sql("UPDATE users SET gender = '1', location = ' yukon territory', "
    . "age = NULL, country = ' russia', created = '2019-06-28 11:35:19', "
    . "updated = '2019-06-28 11:35:20' WHERE username = 'moscow'");
$ug->sql("UPDATE users SET gender = '1', location = ' v.n.gaia', "
    . "age = 17, country = ' portugal', created = '2019-06-28 11:35:19', "
    . "updated = '2019-06-28 11:35:20' WHERE username = 'porto'");
$ug->sql("UPDATE users SET gender = '1', location = ' hants', "
    . "age = NULL, country = ' united kingdom', "
    . "created = '2019-06-28 11:35:19', updated = '2019-06-28 11:35:20' "
    . "WHERE username = 'farnborough'");

sub row {
	my ($id, $name, $loc, $age, $country) = @_;
	return qq({"user_id":$id,"username":"$name","nickname":null,)
	    . qq("password":"","gender":"1","email":null,"phone":null,)
	    . qq("zip_code":null,"location":"$loc","age":$age,)
	    . qq("country":"$country","detail_address":null,"identity":null,)
	    . qq("active":"1","code":null,"updated":"2019-06-28 11:35:20",)
	    . qq("created":"2019-06-28 11:35:19"});
}
my $seed_rows = join(',', row($id{moscow}, 'moscow', ' yukon territory', 0,
    ' russia'), row($id{porto}, 'porto', ' v.n.gaia', 17, ' portugal'),
    row($id{farnborough}, 'farnborough', ' hants', 0, ' united kingdom'));

sub cookie_of {
	my ($r) = @_;
	my $sc = $r->{headers}{'set-cookie'} // '';
	return $sc =~ /^usergate_session=([0-9a-f]{32});/ ? $1 : undef;
}

sub login {
	my ($uid, $pw, %opt) = @_;
	return $ug->post('/admin/login', [user_id => $uid, password => $pw],
	    %opt);
}

sub with_cookie {
	return defined $_[0] ? (headers => { Cookie => "usergate_session=$_[0]" })
	    : ();
}

# --- /admin/login ------------------------------------------------------------
my $r = login($id{root}, 'rootpw');
is($r->{status}, 200, 'super admin login: 200');
is(decode_utf8($r->{content}), '{"code":1,"message":"success","data":{"role":'
    . '{"role_id":1,"name":"超级管理员","code":"admin","description":'
    . '"超级管理员，拥有所有权限","created":null,"updated":null}}}',
    'super admin login: the seed\'s body, byte for byte');
is($r->{headers}{'content-type'}, 'application/json;charset=UTF-8',
    'Spring\'s JSON content type');
my $root_cookie = cookie_of($r);
ok(defined $root_cookie, 'login sets the session cookie');
is($r->{headers}{'set-cookie'}, "usergate_session=$root_cookie; Path=/; "
    . 'Max-Age=86400; HttpOnly; SameSite=Strict',
    'cookie: Path=/, session_ttl, HttpOnly, SameSite=Strict, no Secure on HTTP');
unlike($r->{content}, qr/$root_cookie/, 'the body carries no token');
is($ug->sql("SELECT count FROM users WHERE id = $id{root}"), 1,
    'a login counts');

$r = $ug->post('/tls/admin/login', [user_id => $id{root}, password => 'rootpw']);
like($r->{headers}{'set-cookie'} // '', qr/; HttpOnly; SameSite=Strict; Secure$/,
    'behind HTTPS (nginx passes HTTPS=on): Secure');

$r = login($id{uadmin}, 'uadminpw');
is(decode_utf8($r->{content}), '{"code":1,"message":"success","data":{"role":'
    . '{"role_id":6,"name":"用户管理员","code":"user_admin","description":'
    . '"用户管理员，管理普通用户","created":null,"updated":null}}}',
    'user admin login: role 6');
my $ua_cookie = cookie_of($r);
$r = login($id{shop}, 'shoppw');
like($r->{content}, qr/^\{"code":1,"message":"success","data":\{"role":\{"role_id":7,/,
    'shop admin login: role 7');
my $shop_cookie = cookie_of($r);

# Every way a client sends the fields, and GET as well as POST.
like(login($id{root}, 'rootpw', enc => 'urlencoded')->{content},
    qr/^\{"code":1,/, 'login: urlencoded');
like(login($id{root}, 'rootpw', enc => 'json')->{content}, qr/^\{"code":1,/,
    'login: JSON with a string user_id');
like($ug->http('POST', '/admin/login', content => qq({"user_id":$id{root},)
    . '"password":"rootpw"}', headers => { 'Content-Type' =>
    'application/json' })->{content}, qr/^\{"code":1,/,
    'login: JSON with a number user_id');
$r = $ug->http('GET', "/admin/login?user_id=$id{root}&password=rootpw");
like($r->{content}, qr/^\{"code":1,/, 'login: GET with the query string');
ok(defined cookie_of($r), 'login: GET sets the cookie too');
like($ug->http('POST', "/admin/login?user_id=$id{root}&password=rootpw")
    ->{content}, qr/^\{"code":1,/, 'login: POST with the query string');
$r = $ug->http('PUT', '/admin/login');
is($r->{status}, 405, 'PUT: 405, as Spring answered');
is($r->{content}, $FAIL, 'PUT: the fail body');
is($r->{headers}{allow}, 'GET, POST', 'PUT: Allow: GET, POST');

for my $c ([[user_id => $id{root}, password => 'wrong'], 'wrong password'],
    [[user_id => 999999, password => 'rootpw'], 'unknown user_id'],
    [[user_id => 'abc', password => 'rootpw'], 'non-numeric user_id'],
    [[user_id => "$id{root}x", password => 'rootpw'], 'user_id with junk'],
    [[user_id => -1, password => 'rootpw'], 'negative user_id'],
    [[user_id => 0, password => 'rootpw'], 'user_id 0'],
    [[user_id => '', password => 'rootpw'], 'empty user_id'],
    [[password => 'rootpw'], 'no user_id'],
    [[user_id => $id{root}], 'no password'],
    [[user_id => $id{root}, password => ''], 'empty password'],
    [[username => 'root', password => 'rootpw'], 'a username is no user_id'],
    [[user_id => $id{moscow}, password => 'moscowpw'],
	'a general user, right password']) {
	$r = $ug->post('/admin/login', $c->[0]);
	is($r->{content}, $FAIL, "login refused: $c->[1]");
	is($r->{status}, 200, "  status 200");
	ok(!defined $r->{headers}{'set-cookie'}, '  and no cookie');
}
is($ug->sql("SELECT COUNT(*) FROM sessions WHERE user_id = $id{moscow}"), 0,
    'a general user got no session');

# --- /admin/getUserListWithLimit -----------------------------------------------
sub list {
	my ($l, $rt, $cookie, %opt) = @_;
	return $ug->post('/admin/getUserListWithLimit',
	    [(defined $l ? (left => $l) : ()), (defined $rt ? (right => $rt) : ())],
	    with_cookie($cookie), %opt);
}
my $pos_moscow = $ug->sql("SELECT COUNT(*) FROM users WHERE id <= $id{moscow}");
my $total = $ug->sql('SELECT COUNT(*) FROM users');

$r = list($pos_moscow, $pos_moscow + 2, $root_cookie);
is($r->{content}, '{"code":1,"message":"success","data":{"user_list":['
    . $seed_rows . '],"list_size":3}}',
    'list of the seed\'s three rows, with only the cookie: byte for byte');
is($r->{status}, 200, 'list: 200');
my $j = decode_json($r->{content});
my $u = $j->{data}{user_list}[0];
sub is_num { my $f = B::svref_2object(\$_[0])->FLAGS;
	($f & (B::SVp_IOK | B::SVp_NOK)) && !($f & B::SVp_POK) }
ok(is_num($u->{user_id}) && is_num($u->{age}) &&
    is_num($j->{data}{list_size}), 'user_id, age, list_size are JSON numbers');
ok(!is_num($u->{gender}) && !is_num($u->{active}),
    'gender and active are strings');
is(scalar(keys %$u), 17, 'the seed\'s 17 keys');
is($u->{password}, '', 'password is ""');

like(list(1, 1, $root_cookie)->{content},
    qr/^\{"code":1,"message":"success","data":\{"user_list":\[\{"user_id":$id{root},"username":"root",[^\]]*\],"list_size":1\}\}$/,
    'window 1..1: the first user');
$j = decode_json(list($total, $total, $root_cookie)->{content});
is($j->{data}{user_list}[0]{username}, 'uadmin2', 'the last row');
$j = decode_json(list($total - 1, $total + 5, $root_cookie)->{content});
is($j->{data}{list_size}, 2, 'a window past the end returns what exists');
is(list($total + 1, $total + 10, $root_cookie)->{content},
    '{"code":1,"message":"success","data":{"user_list":[],"list_size":0}}',
    'a window wholly past the end: an empty list');
is(decode_json(list(1, 1000, $root_cookie)->{content})->{data}{list_size},
    $total, 'a window of adminsys_max_window (1000)');
for my $c ([3, 2, 'left > right'], [0, 3, 'left 0'], [0, 0, 'both 0'],
    [-1, 3, 'negative left'], [1, -3, 'negative right'],
    ['a', 3, 'text left'], [1, 'b', 'text right'], ['1.5', 3, 'a fraction'],
    ['', 3, 'empty left'], [undef, 3, 'no left'], [1, undef, 'no right'],
    [1, 1001, 'a window over the maximum'],
    [1, '99999999999999999999999', 'a huge right']) {
	$r = list($c->[0], $c->[1], $root_cookie);
	is($r->{content}, $FAIL, "list refused: $c->[2]");
	is($r->{status}, 200, '  status 200');
}
like($ug->http('GET', "/admin/getUserListWithLimit?left=1&right=2",
    with_cookie($root_cookie))->{content}, qr/"list_size":2\}\}$/,
    'list: GET with the query string');
like(list(1, 2, $root_cookie, enc => 'json')->{content}, qr/"list_size":2\}\}$/,
    'list: JSON body');
like(list(1, 2, $ua_cookie)->{content}, qr/"list_size":2\}\}$/,
    'a user admin lists');
is(list(1, 2, $shop_cookie)->{content}, $FAIL, 'a shop admin may not list');
is(list(1, 2, undef)->{content}, $FAIL, 'no cookie: fail');
is($ug->post('/admin/getUserListWithLimit', [left => 1, right => 2])->{content},
    $FAIL, 'no credential at all: fail');
is(list(1, 2, '0' x 32)->{content}, $FAIL, 'a forged cookie: fail');
is(list(1, 2, $root_cookie, headers => { Cookie =>
    "usergate_session=$root_cookie", Origin => 'http://evil.example' })
    ->{content}, $FAIL, 'the cookie from another site\'s page: fail');
is($ug->post('/login.php?mode=3&operating=1', [], with_cookie($root_cookie))
    ->{content}, '{"0"}', 'the cookie is no credential on login.php (CSRF)');
like($ug->post('/admin/getUserListWithLimit', [left => 1, right => 1],
    headers => { Authorization => "Bearer $root_cookie" })->{content},
    qr/"list_size":1/, 'the token in Authorization serves too');
like($ug->post('/admin/getUserListWithLimit', [left => 1, right => 1,
    token => $root_cookie])->{content}, qr/"list_size":1/,
    'and in a token field');

# --- /admin/updateUserInfo -----------------------------------------------------
my @cols = qw(username nickname gender email phone zip_code location age
    country detail_address identity code active password_hash);
sub snap {
	my ($uid) = @_;
	return $ug->sql('SELECT CONCAT_WS(\'|\', ' . join(', ',
	    map { "IFNULL($_, 'NULL')" } @cols) . ") FROM users WHERE id = $uid");
}
sub update {
	my ($cookie, @f) = @_;
	return $ug->post('/admin/updateUserInfo', \@f, with_cookie($cookie));
}

my $before = snap($id{porto});
for my $c ([[nickname => 'x'], 'no password'],
    [[password => ''], 'empty password'],
    [[password => 'p', user_id => 'abc'], 'non-numeric user_id', 1],
    [[password => 'p', user_id => 999999], 'unknown user_id', 1],
    [[password => 'p', user_id => -4], 'negative user_id', 1],
    [[password => 'p', gender => '2'], 'gender 2'],
    [[password => 'p', gender => 'male'], 'gender male'],
    [[password => 'p', age => '0'], 'age 0'],
    [[password => 'p', age => '-3'], 'negative age'],
    [[password => 'p', age => 'abc'], 'age not a number'],
    [[password => 'p', age => '1.5'], 'age a fraction'],
    [[password => 'p', age => '151'], 'age 151'],
    [[password => 'p', email => 'not-an-email'], 'email without @'],
    [[password => 'p', phone => 'call me'], 'phone with letters'],
    [[password => 'p', zip_code => '12<34'], 'zip_code with <'],
    [[password => 'p', nickname => 'n' x 65], 'nickname of 65'],
    [[password => 'p', email => ('e' x 251) . '@x.cn'], 'email of 256'],
    [[password => 'p', phone => '1' x 33], 'phone of 33'],
    [[password => 'p', zip_code => '1' x 17], 'zip_code of 17'],
    [[password => 'p', location => 'l' x 256], 'location of 256'],
    [[password => 'p', country => 'c' x 65], 'country of 65'],
    [[password => 'p', detail_address => 'd' x 256], 'detail_address of 256'],
    [[password => 'p', identity => 'i' x 65], 'identity of 65'],
    [[password => 'p', code => 'k' x 65], 'code of 65'],
    [[password => 'p', nickname => "a\x01b"], 'a control character'],
    [[password => 'p', nickname => "\xff\xfe"], 'invalid UTF-8'],
    [[password => 'p', nickname => 'ok', gender => '3'],
	'a good field with a bad one'],
    ) {
	my @f = @{ $c->[0] };
	push @f, user_id => $id{porto} unless $c->[2];
	$r = update($root_cookie, @f);
	is($r->{content}, $FAIL, "update refused: $c->[1]");
	is($r->{status}, 200, '  status 200');
	is(snap($id{porto}), $before, '  nothing written');
}
is(update(undef, user_id => $id{porto}, password => 'p')->{content}, $FAIL,
    'update without a cookie: fail');
is(snap($id{porto}), $before, '  nothing written');
is(update($shop_cookie, user_id => $id{porto}, password => 'p')->{content},
    $FAIL, 'a shop admin may not update');
is(snap($id{porto}), $before, '  nothing written');

# Another admin's session, to see it revoked.
my ($ua2_tok) = $ug->post('/login.php?mode=2', [username => 'uadmin2',
    password => 'uadmin2pw'])->{content} =~ /"token":"(\w+)"/;
ok($ua2_tok, 'uadmin2 has a session from login.php');

$r = update($root_cookie, user_id => $id{porto}, password => 'newporto',
    nickname => encode_utf8('波尔图'), gender => '0', email => 'p@example.com',
    phone => '+351 22 123-4567', zip_code => '4400-001',
    location => 'v.n.gaia', age => '18', country => 'portugal',
    detail_address => 'Rua 1', identity => 'ID-1', code => 'C1');
is($r->{content}, $OK, 'update: success body');
is(decode_utf8(snap($id{porto})), join('|', 'porto', '波尔图', '0',
    'p@example.com', '+351 22 123-4567', '4400-001', 'v.n.gaia', 18,
    'portugal', 'Rua 1', 'ID-1', 'C1', '1',
    $ug->sql("SELECT password_hash FROM users WHERE id = $id{porto}")),
    'every field written');
like($ug->sql("SELECT password_hash FROM users WHERE id = $id{porto}"),
    qr/^\$/, 'the password is stored hashed');
is($ug->post('/login.php?mode=2', [username => 'porto', password => 'newporto'])
    ->{content}, '{"state":"1"}', 'the new password logs in through login.php');
is($ug->post('/login.php?mode=2', [username => 'porto', password => 'portopw'])
    ->{content}, '{"state":"0"}', 'the old one does not');

# Absent fields stay; empty ones clear.
$r = update($root_cookie, user_id => $id{porto}, password => 'newporto',
    email => '');
is($r->{content}, $OK, 'update of one field');
$j = decode_json(list($ug->sql("SELECT COUNT(*) FROM users WHERE id <= "
    . "$id{porto}"), $ug->sql("SELECT COUNT(*) FROM users WHERE id <= "
    . "$id{porto}"), $root_cookie)->{content})->{data}{user_list}[0];
is($j->{email}, undef, 'an empty email clears it (null)');
is($j->{nickname}, '波尔图', 'an absent nickname stays');
is($j->{age}, 18, 'an absent age stays');
is($j->{user_id}, $id{porto}, 'user_id never changes');

# JSON body, as the original's @RequestBody read it.
$r = $ug->http('POST', '/admin/updateUserInfo', content => encode_utf8(
    qq({"user_id":$id{porto},"password":"newporto","age":20,)
    . '"nickname":null}'), headers => { 'Content-Type' =>
    'application/json;charset=UTF-8', Cookie => "usergate_session=$root_cookie" });
is($r->{content}, $OK, 'update with a JSON body (numbers and null)');
is($ug->sql("SELECT IFNULL(nickname, 'NULL') FROM users WHERE id = $id{porto}"),
    'NULL', '  null clears the nickname');
is($ug->sql("SELECT age FROM users WHERE id = $id{porto}"), 20, '  age 20');
like($ug->http('GET', "/admin/updateUserInfo?user_id=$id{porto}&password="
    . 'newporto&age=21', with_cookie($root_cookie))->{content},
    qr/^\{"code":1/, 'update: GET with the query string');

# The hierarchy is the core's: a user admin edits general users only.
is(update($ua_cookie, user_id => $id{moscow}, password => 'm2')->{content},
    $OK, 'a user admin edits a general user');
$before = snap($id{root});
is(update($ua_cookie, user_id => $id{root}, password => 'hijack')->{content},
    $FAIL, 'a user admin may not edit the super admin');
is(update($ua_cookie, user_id => $id{uadmin2}, password => 'x')->{content},
    $FAIL, 'nor another user admin');
is(snap($id{root}), $before, '  nothing written');
$before = snap($id{uadmin});
is(update($ua_cookie, user_id => $id{uadmin}, password => 'mine',
    nickname => 'me')->{content}, $FAIL,
    'nor themselves (their own password needs the old one)');
is(snap($id{uadmin}), $before, '  nothing written');

# A password changed here revokes the user's sessions everywhere.
like($ug->post('/login.php?mode=3&operating=1', [token => $ua2_tok])
    ->{content}, qr/^\{"users":/, 'uadmin2\'s login.php token works');
is(update($root_cookie, user_id => $id{uadmin2}, password => 'fresh')
    ->{content}, $OK, 'the super admin sets uadmin2\'s password');
is($ug->post('/login.php?mode=3&operating=1', [token => $ua2_tok])
    ->{content}, '{"0"}', 'uadmin2\'s old session is revoked');
like($ug->post('/login.php?mode=2', [username => 'uadmin2', password => 'fresh'])
    ->{content}, qr/"state":"1","token"/, 'the new password logs in through '
    . 'login.php');
like(login($id{uadmin2}, 'fresh')->{content}, qr/^\{"code":1/,
    'and here');
is(login($id{uadmin2}, 'uadmin2pw')->{content}, $FAIL, 'the old one not here');

# A password set through login.php logs in here (one identity).
my ($tok) = $ug->post('/login.php?mode=2', [username => 'root',
    password => 'rootpw'])->{content} =~ /"token":"(\w+)"/;
is($ug->post('/login.php?mode=3&operating=4', [username => 'uadmin',
    password => 'viaphp', token => $tok])->{content}, '{"state":"1"}',
    'login.php changes uadmin\'s password');
like(login($id{uadmin}, 'viaphp')->{content}, qr/"role_id":6/,
    'which logs in here');
is(list(1, 1, $ua_cookie)->{content}, $FAIL,
    'and uadmin\'s cookie session from before is revoked');

# --- the database goes away and comes back ----------------------------------------
$ug->db->stop;
for my $c (['login', sub { login($id{root}, 'rootpw') }],
    ['list', sub { list(1, 2, $root_cookie) }],
    ['update', sub { update($root_cookie, user_id => $id{porto},
	password => 'x') }]) {
	$r = $c->[1]->();
	is($r->{content}, $FAIL, "$c->[0] with the database down: the fail body");
	is($r->{status}, 503, "  status 503");
}
$ug->db->start;
my $ok = 0;
for (1 .. 6) {
	$ok++ if list(1, 2, $root_cookie)->{content} =~ /"list_size":2\}\}$/;
}
is($ok, 6, 'every worker lists again after the database returns');
like(login($id{root}, 'rootpw')->{content}, qr/^\{"code":1/,
    'login again');
is($ug->post('/login.php?mode=2', [username => 'porto', password => 'newporto'])
    ->{content}, '{"state":"1"}', 'the refused update wrote nothing');
$ug->stop;

# --- the original's ways, as options ------------------------------------------------
my $og = UG->new(conf => { adminsys_window => 'offset_count',
    adminsys_password_md5 => 'yes', adminsys_max_window => 3 })
    ->start(how => 'spawn');
$og->add_user('root', '123456', 'admin');
$og->add_user("u$_", 'pw', 'user') for 1 .. 4;
my $rootid = $og->sql("SELECT id FROM users WHERE username = 'root'");
# md5("123456"), as the original's store held it and its pages post it.
my $md5 = 'e10adc3949ba59abbe56e057f20f883e';
like($og->post('/admin/login', [user_id => $rootid, password => $md5])
    ->{content}, qr/^\{"code":1,/, 'md5 mode: a user added with the option '
    . 'on has its verifier');
# As a user from before the option: no verifier until a plain login.
$og->sql("DELETE FROM password_verifiers WHERE user_id = $rootid");
is($og->post('/admin/login', [user_id => $rootid, password => $md5])
    ->{content}, $FAIL, 'md5 mode: no verifier yet before a plain login');
like($og->post('/login.php?mode=2', [username => 'root', password => '123456'])
    ->{content}, qr/"state":"1"/, 'a plain login through login.php');
$r = $og->post('/admin/login', [user_id => $rootid, password => $md5]);
like($r->{content}, qr/^\{"code":1,/, 'md5 mode: md5(password) logs in');
my $oc = cookie_of($r);
is($og->post('/admin/login', [user_id => $rootid, password => uc $md5])
    ->{content} =~ /^\{"code":1/ ? 1 : 0, 1, 'md5 mode: hex in any case');
is($og->post('/admin/login', [user_id => $rootid, password => '123456'])
    ->{content}, $FAIL, 'md5 mode: the plain password is no digest');
# An update posts the new password as md5 hex too (md5("654321")).
{
	my $u1 = $og->sql("SELECT id FROM users WHERE username = 'u1'");
	my $new = 'c33367701511b4f6020ec61ded352059';
	is($og->post('/admin/updateUserInfo', [user_id => $u1,
	    password => 'not-a-digest'], with_cookie($oc))->{content}, $FAIL,
	    'md5 mode: an update whose password is no md5 hex is refused');
	like($og->post('/admin/updateUserInfo', [user_id => $u1,
	    password => uc $new], with_cookie($oc))->{content},
	    qr/^\{"code":1,/, 'md5 mode: an update with md5(password)');
	like($og->sql("SELECT password_hash FROM users WHERE id = $u1"),
	    qr/^\$ugwrap\$md5\$\$y\$/, 'stored wrapped, in the current scheme');
	is($og->sql("SELECT COUNT(*) FROM users WHERE password_hash LIKE "
	    . "'%$new%'"), 0, 'the digest is not at rest as it came');
	$og->sql("UPDATE users SET role_id = 6 WHERE id = $u1");
	like($og->post('/admin/login', [user_id => $u1, password => $new])
	    ->{content}, qr/^\{"code":1,/, 'md5 mode: the new md5 logs in');
	like($og->post('/login.php?mode=2', [username => 'u1',
	    password => '654321'])->{content}, qr/"state":"1"/,
	    'and the plain new password, through login.php');
	like($og->sql("SELECT password_hash FROM users WHERE id = $u1"),
	    qr/^\$y\$/, 'which upgrades the wrap to a plain current hash');
	$og->sql("UPDATE users SET role_id = 10 WHERE id = $u1");
}
sub olist {
	my ($l, $rt) = @_;
	my $b = $og->post('/admin/getUserListWithLimit', [left => $l,
	    right => $rt], with_cookie($oc))->{content};
	return $b eq $FAIL ? 'fail' : join(',', map { $_->{username} }
	    @{ decode_json($b)->{data}{user_list} });
}
is(olist(0, 2), 'root,u1', 'offset_count: LIMIT 0, 2');
is(olist(1, 3), 'u1,u2,u3', 'offset_count: LIMIT 1, 3');
is(olist(3, 1), 'u3', 'offset_count: left > right is an offset and a count');
is(olist(4, 3), 'u4', 'offset_count: past the end');
is(olist(0, 0), 'fail', 'offset_count: a count of 0');
is(olist(0, 4), 'fail', 'offset_count: over adminsys_max_window');
is(olist(-1, 2), 'fail', 'offset_count: a negative offset');
$og->stop;

done_testing;
