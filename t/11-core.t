# The core around every contract, through nginx: the headers every answer
# carries (D20), where a token may come from (D11, cookie opt-in), the
# route under FastCGI (D12), and CORS for listed origins.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;

my $A = 'https://admin.example';
my $B = 'http://b.example:8080';
# A PHP-era location: nginx splits /x.php/rest into SCRIPT_NAME and PATH_INFO.
my $split = sub {
	return <<'EOC';
    location ~ ^.+\.php/ {
      fastcgi_split_path_info ^(.+\.php)(/.*)$;
      fastcgi_param SCRIPT_NAME     $fastcgi_script_name;
      fastcgi_param PATH_INFO       $fastcgi_path_info;
      fastcgi_param QUERY_STRING    $query_string;
      fastcgi_param REQUEST_METHOD  $request_method;
      fastcgi_param CONTENT_TYPE    $content_type;
      fastcgi_param CONTENT_LENGTH  $content_length;
      fastcgi_param REMOTE_ADDR     $remote_addr;
      fastcgi_keep_conn on;
      fastcgi_pass usergate;
    }
EOC
};
my $ug = UG->new(conf => { cors_origins => "$A, $B" },
    nginx_extra => $split)->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');

sub lp {
	my ($q, $fields, %opt) = @_;
	return $ug->post("/login.php?$q", $fields, %opt);
}

my $r = lp('mode=2', [username => 'root', password => 'rootpw']);
my ($token) = $r->{content} =~ /"token":"([0-9a-f]{32})"/;
ok($token, 'a token from mode 2');

# --- D20: every answer says it is data -------------------------------------
is($r->{headers}{'x-content-type-options'}, 'nosniff', 'nosniff');
is($r->{headers}{'content-security-policy'},
    "default-src 'none'; frame-ancestors 'none'", 'CSP allows nothing');
is($r->{headers}{'content-type'}, 'text/html; charset=UTF-8',
    'login.php keeps PHP\'s content type');
$r = lp('mode=9', []);
is($r->{content}, '0', 'login.php body bytes unchanged');
$r = $ug->http('GET', '/nowhere');
is($r->{status}, 404, 'off every path: 404');
is($r->{headers}{'x-content-type-options'}, 'nosniff', '404 has nosniff too');

# --- D11: Authorization that is no token falls through ---------------------
$r = lp('mode=3&operating=1', [token => $token],
    headers => { Authorization => 'Basic YWRtaW46cHc=' });
like($r->{content}, qr/^\{"users":\[/,
    'Authorization: Basic (nginx auth_basic) does not hide the body token');
$r = lp('mode=3&operating=1', [],
    headers => { Authorization => 'Basic YWRtaW46cHc=' });
is($r->{content}, '{"0"}', 'Basic alone is no token');
$r = lp('mode=3&operating=1', [token => 'f' x 32],
    headers => { Authorization => "Bearer $token" });
like($r->{content}, qr/^\{"users":\[/, 'Bearer still wins over the field');
$r = lp('mode=3&operating=1', [],
    headers => { Authorization => "  $token " });
like($r->{content}, qr/^\{"users":\[/, 'a bare token with blanks around it');

# --- the cookie is no credential for login.php (CSRF) ----------------------
$r = lp('mode=3&operating=1', [],
    headers => { Cookie => "usergate_session=$token" });
is($r->{content}, '{"0"}', 'login.php does not take the session cookie');

# --- D12: under FastCGI the route is SCRIPT_NAME ---------------------------
$r = $ug->post('/login.php/admin/updateUserInfo?mode=0',
    [openid => 'nobody', wechat_name => 'w']);
is($r->{status}, 200, '/login.php/admin/...: 200');
is($r->{content}, '0', '/login.php/admin/... is login.php, not /admin/...');
$r = $ug->post('/other.php/login.php?mode=3&operating=1', [token => $token]);
is($r->{status}, 404, 'PATH_INFO=/login.php does not reach login.php');
unlike($r->{content}, qr/users/, 'nothing of login.php answered');

# --- CORS -------------------------------------------------------------------
sub preflight {
	my ($origin) = @_;
	return $ug->http('OPTIONS', '/login.php?mode=3&operating=1', headers => {
	    Origin => $origin, 'Access-Control-Request-Method' => 'POST',
	    'Access-Control-Request-Headers' => 'authorization' });
}
$r = preflight($A);
is($r->{status}, 204, 'preflight from a listed origin: 204');
is($r->{headers}{'access-control-allow-origin'}, $A, 'its origin allowed');
is($r->{headers}{'access-control-allow-credentials'}, 'true', 'credentials');
like($r->{headers}{'access-control-allow-methods'} // '', qr/\bPOST\b/,
    'methods include POST');
is($r->{headers}{'access-control-allow-headers'},
    'Authorization, Content-Type, token, username, id', 'headers');
is($r->{headers}{vary}, 'Origin', 'Vary: Origin');
is($r->{content} // '', '', 'no body');

$r = preflight('https://evil.example');
is($r->{status}, 204, 'preflight from an unlisted origin: 204');
ok(!grep(/^access-control-/, keys %{ $r->{headers} }),
    'and no CORS header at all');

$r = lp('mode=3&operating=1', [],
    headers => { Origin => $B, Authorization => "Bearer $token" });
like($r->{content}, qr/^\{"users":\[/, 'credentialed request from a listed origin');
is($r->{headers}{'access-control-allow-origin'}, $B, 'its origin allowed');
is($r->{headers}{'access-control-allow-credentials'}, 'true',
    'with credentials');
$r = lp('mode=3&operating=1', [],
    headers => { Origin => 'https://evil.example',
    Authorization => "Bearer $token" });
like($r->{content}, qr/^\{"users":\[/,
    'a request from an unlisted origin is answered (the browser withholds it)');
ok(!grep(/^access-control-/, keys %{ $r->{headers} }),
    'but with no CORS header');
$r = lp('mode=0', [openid => 'x', wechat_name => 'y']);
ok(!exists $r->{headers}{'access-control-allow-origin'},
    'no Origin: no CORS header');

$ug->stop;
done_testing();
